'use strict';
// Journey 20 (the observatory): the CCOMS goes from its home to the import of the historical
// record, is told next to the field when no file is chosen, imports the tests' synthetic file
// and reads the report (added, updated, unchanged, lines refused); a visitor opens the
// observatory from the footer and finds its tables, with small counts of people shown « < 5 ».
// Every page gets the accessibility check.
const path = require('node:path');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, assertFormErrors, click } = require('../lib/pages');
const { RUN, PASSWORD, inviteWithCli, staffFromInvitation } = require('../lib/accounts');

const FIXTURES = path.join(__dirname, '..', '..', 'tests', 'fixtures');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the CCOMS imports the historical record from its home and reads the report', { timeout: 300_000 }, async () => {
  const email = `ccoms20-${RUN}@e2e.test`;
  const ccoms = await staffFromInvitation(browser, inviteWithCli({ role: 'coordinator', email }),
    { name: `Claude Coordination ${RUN}`, email, password: PASSWORD });
  try {
    await click(ccoms, 'header a', /^Mon espace$/);
    await click(ccoms, 'main a', /^Observatoire$/);
    assert.equal(pathOf(ccoms), '/observatoire/import');
    await checkPage(ccoms, '/observatoire/import');

    await click(ccoms, 'main form button[type=submit]', /^Importer$/);
    await assertFormErrors(ccoms, { fichier: /fichier CSV/ });
    await checkPage(ccoms, '/observatoire/import (sans fichier)');

    await ccoms.locator('#champ-fichier').setInputFiles(path.join(FIXTURES, 'observatoire-erreurs.csv'));
    await click(ccoms, 'main form button[type=submit]', /^Importer$/);
    const report = await ccoms.locator('main').innerText();
    assert.match(report, /Import terminé/);
    assert.match(report, /ligne 3, colonne annee_creation : « 20x4 » n'est pas une année/);
    await checkPage(ccoms, '/observatoire/import (rapport)');
  } finally {
    await ccoms.close();
  }
});

test('a visitor opens the observatory from the footer', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  try {
    await page.goto('/');
    await click(page, 'footer a', /^Observatoire des postes$/);
    assert.equal(pathOf(page), '/observatoire');
    const text = await page.locator('main').innerText();
    assert.match(text, /Postes créés, par région et par année de création/);
    assert.match(text, /Diplômés, par cohorte et par parcours/);
    await checkPage(page, '/observatoire');
  } finally {
    await page.close();
  }
});
