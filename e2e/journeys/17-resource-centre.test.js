'use strict';
// Journey 17 (the resource centre): a CCOMS coordinator goes from their home to the resource
// centre, is told next to each field what the empty form lacks, then publishes a PDF for the
// teams; a visitor (without JavaScript) finds the centre from the footer, searches it with
// another form of a word of the summary, and opens the document's page, which names the file's
// format and size. Every page gets the accessibility check.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, pointer, assertFormErrors, click } = require('../lib/pages');
const { RUN, PASSWORD, inviteWithCli, staffFromInvitation } = require('../lib/accounts');

const FIXTURES = path.join(__dirname, '..', '..', 'tests', 'fixtures');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const title = `Accueillir un médiateur en binôme ${RUN}`;

test('the CCOMS publishes a document and a visitor finds it from the footer', { timeout: 300_000 }, async () => {
  const email = `ccoms17-${RUN}@e2e.test`;
  const ccoms = await staffFromInvitation(browser, inviteWithCli({ role: 'coordinator', email }),
    { name: `Camille Coordinatrice ${RUN}`, email, password: PASSWORD });
  let slug;
  try {
    await click(ccoms, 'header a', /^Mon espace$/);
    await click(ccoms, 'main a', /^Centre de ressources$/);
    assert.equal(pathOf(ccoms), '/ressources');
    await checkPage(ccoms, '/ressources (CCOMS)');
    await click(ccoms, 'main a', /^Publier un document$/);
    assert.equal(pathOf(ccoms), '/ressources/nouvelle');
    await checkPage(ccoms, '/ressources/nouvelle');

    // Nothing typed: each missing piece is said next to its field.
    await click(ccoms, 'main form button[type=submit]', /^Publier ce document$/);
    await assertFormErrors(ccoms, { titre: /titre/, resume: /Résumez/, publics: /public/, themes: /thème/, lien: /adresse/ });
    await checkPage(ccoms, '/ressources/nouvelle (erreurs)');

    await pointer.fill(ccoms, '#champ-titre', title);
    await pointer.fill(ccoms, '#champ-resume',
      `Comment l'équipe prépare l'arrivée du médiateur et le travail en binômes dès le premier jour (${RUN}).`);
    await ccoms.locator('#champ-publics').check();
    await ccoms.locator('#champ-themes').check();
    await ccoms.locator('#champ-fichier').setInputFiles(path.join(FIXTURES, 'cv.pdf'));
    await click(ccoms, 'main form button[type=submit]', /^Publier ce document$/);
    assert.match(pathOf(ccoms), /^\/ressources\/accueillir-un-mediateur-en-binome-/);
    slug = pathOf(ccoms);
    await checkPage(ccoms, '/ressources/{slug} (CCOMS)');
  } finally {
    await ccoms.close();
  }

  const visitor = await newPage(browser, { javaScript: false });
  try {
    await visitor.goto('/');
    await click(visitor, 'footer a', /^Centre de ressources/);
    assert.equal(pathOf(visitor), '/ressources');
    await checkPage(visitor, '/ressources');
    await pointer.fill(visitor, '#champ-q', `binôme ${RUN}`);
    await click(visitor, 'main form button[type=submit]', /^Rechercher$/);
    assert.equal(pathOf(visitor), '/ressources');
    await checkPage(visitor, '/ressources (recherche)');
    await click(visitor, 'main .cards a', new RegExp(`^${title}$`));
    assert.equal(pathOf(visitor), slug);
    await checkPage(visitor, '/ressources/{slug}');
    const download = await visitor.locator('main .download a').innerText();
    assert.match(download, /^Télécharger le document \(PDF, [\d,]+ (octets|Ko|Mo)\)$/);
  } finally {
    await visitor.close();
  }
});
