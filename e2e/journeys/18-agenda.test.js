'use strict';
// Journey 18 (the programme's agenda): the CCOMS goes from its home to the new gathering's
// form, is told next to each field what is missing, and creates an intervision group for MSPs;
// an MSP finds it from their home through the agenda, registers, and sees the registration on
// their home; the agenda page links the public feeds, and a visitor reads one (iCalendar) but
// never sees the MSPs' group. Every page gets the accessibility check.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, pointer, assertFormErrors, click } = require('../lib/pages');
const { RUN, PASSWORD, inviteWithCli, staffFromInvitation } = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A day a month from now, as the form takes it (dd/mm/yyyy).
function inAMonth() {
  const day = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(day.getDate())}/${two(day.getMonth() + 1)}/${day.getFullYear()}`;
}

test('the CCOMS creates a gathering for MSPs, an MSP registers from their home', { timeout: 300_000 }, async () => {
  const title = `Groupe d'intervision ${RUN}`;
  const ccomsEmail = `ccoms18-${RUN}@e2e.test`;
  const ccoms = await staffFromInvitation(browser, inviteWithCli({ role: 'coordinator', email: ccomsEmail }),
    { name: `Claire Coordination ${RUN}`, email: ccomsEmail, password: PASSWORD });
  let id;
  try {
    await click(ccoms, 'header a', /^Mon espace$/);
    await click(ccoms, 'main a', /^Créer un rendez-vous$/);
    assert.equal(pathOf(ccoms), '/rendez-vous/nouveau');
    await checkPage(ccoms, '/rendez-vous/nouveau');
    await click(ccoms, 'main form button[type=submit]', /^Créer le rendez-vous$/);
    await assertFormErrors(ccoms, {
      titre: /titre/, nature: /type/, public: /qui/, description: /phrases/,
      date: /date/, debut: /début/, fin: /fin/, lieu: /adresse/,
    });
    await checkPage(ccoms, '/rendez-vous/nouveau (erreurs)');
    await pointer.fill(ccoms, '#champ-titre', title);
    await ccoms.locator('#champ-nature').selectOption('intervision');
    await ccoms.locator('#champ-public').selectOption('msp');
    await pointer.fill(ccoms, '#champ-description', 'Entre MSP en poste : les situations de travail, la place dans l\'équipe.');
    await pointer.fill(ccoms, '#champ-date', inAMonth());
    await pointer.fill(ccoms, '#champ-debut', '10:00');
    await pointer.fill(ccoms, '#champ-fin', '12:30');
    await pointer.fill(ccoms, '#champ-visio', 'https://visio.exemple.fr/intervision');
    await pointer.fill(ccoms, '#champ-capacite', '8');
    await click(ccoms, 'main form button[type=submit]', /^Créer le rendez-vous$/);
    assert.match(pathOf(ccoms), /^\/agenda\/\d+$/);
    id = pathOf(ccoms).split('/').pop();
    assert.equal(await ccoms.locator('h1').innerText(), title);
    await checkPage(ccoms, '/agenda/{id} (CCOMS)');
  } finally {
    await ccoms.close();
  }

  const mspEmail = `msp18-${RUN}@e2e.test`;
  const msp = await staffFromInvitation(browser, inviteWithCli({ role: 'msp', email: mspEmail }),
    { name: `Malo Médiateur ${RUN}`, email: mspEmail, password: PASSWORD });
  try {
    await click(msp, 'header a', /^Mon espace$/);
    await click(msp, 'main a', /^L'agenda du programme$/);
    assert.equal(pathOf(msp), '/agenda');
    await checkPage(msp, '/agenda (MSP)');
    await click(msp, 'main a', new RegExp(`^${title}$`));
    assert.equal(pathOf(msp), `/agenda/${id}`);
    await click(msp, 'main form button[type=submit]', /^M'inscrire$/);
    assert.match(await msp.locator('main [role=status]').innerText(), /inscrit/);
    await checkPage(msp, '/agenda/{id} (inscrit)');
    await click(msp, 'header a', /^Mon espace$/);
    assert.ok((await msp.locator('main').innerText()).includes(title), 'the registration is on the home');
  } finally {
    await msp.close();
  }

  const visitor = await newPage(browser, { javaScript: false });
  try {
    await visitor.goto('/');
    await click(visitor, 'footer a', /^Agenda du programme/);
    assert.equal(pathOf(visitor), '/agenda');
    await checkPage(visitor, '/agenda (visiteur)');
    assert.ok(!(await visitor.locator('main').innerText()).includes(title), 'the MSPs\' group is theirs');
    const href = await visitor.locator('main a[href="/agenda/equipes.ics"]').getAttribute('href');
    const feed = await fetch(new URL(href, process.env.MSP_BASE_URL));
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /^text\/calendar/);
    assert.match(await feed.text(), /^BEGIN:VCALENDAR\r\n/);
    const hidden = await visitor.goto(`/agenda/${id}`);
    assert.equal(hidden.status(), 404);
  } finally {
    await visitor.close();
  }
});
