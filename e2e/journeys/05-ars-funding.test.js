'use strict';
// Journey 5 (ARS funding): an ARS officer of Île-de-France, invited from the command line,
// opens a call for projects (first refused for a wrong amount, typed values kept), then takes
// the demo request filed by an establishment through instruction with the keyboard alone:
// a refusal without its reason is refused, the request is accepted, the subsidy appears with
// its two years, a payment beyond what was granted is refused and a real one recorded; the
// regional dashboard shows its chart beside its table and offers the CSV; the public
// statistics page hides small counts. Every key page is checked with axe.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, navigate, keyboard, assertFormErrors, assertStatus, click, keyPage } = require('../lib/pages');
const {
  RUN, PASSWORD, inviteWithCli, staffFromInvitation: staffFromInvitationIn,
} = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A radio group is one Tab stop, on its checked choice; the arrows move the choice.
async function chooseAction(page, arrow) {
  await keyboard.focus(page, 'main input[name=action]:checked');
  await page.keyboard.press(arrow);
}

// Staff accept their invitation and enrol the second factor (lib/accounts.js).
const staffFromInvitation = (link, name, email) =>
  staffFromInvitationIn(browser, link, { name, email, password: PASSWORD });

test('an ARS opens a call, instructs a request to a subsidy and reads its dashboard', { timeout: 600_000 }, async () => {
  const email = `ars5-${RUN}@e2e.test`;
  const ars = await staffFromInvitation(
    inviteWithCli({ role: 'ars_officer', email, scopes: ['region:11'] }), 'Claude Agence', email);
  try {
    // --- From the account page to the region's funding ---------------------------------------
    await click(ars, 'main a', /^Appels à projets, demandes et subventions$/);
    assert.equal(pathOf(ars), '/financements');
    await keyPage(ars, '/financements (ARS)', '05-financements');
    assert.match(await ars.locator('h1').innerText(), /Île-de-France/);

    // --- A new call: a wrong amount is said next to its field, what was typed stays -----------
    await click(ars, 'main a', /^Ouvrir un appel à projets$/);
    assert.equal(pathOf(ars), '/appels/nouveau');
    await keyPage(ars, '/appels/nouveau', '05-appel-nouveau');
    assert.equal(await ars.locator('#champ-amount').inputValue(), '45\u00a0000,00');
    assert.equal(await ars.locator('#champ-years').inputValue(), '1');
    const title = `Postes de MSP ${RUN}`;
    await keyboard.fill(ars, '#champ-title', title);
    await keyboard.fill(ars, '#champ-posts', '8');
    await keyboard.fill(ars, '#champ-amount', 'quarante-cinq mille');
    await keyboard.fill(ars, '#champ-years', '2');
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Ouvrir l'appel à projets$/ }));
    await assertFormErrors(ars, { amount: /montant en euros/, closes_on: /date de clôture/ });
    await checkPage(ars, '/appels/nouveau (erreurs)');
    assert.equal(await ars.locator('#champ-title').inputValue(), title);
    await keyboard.fill(ars, '#champ-amount', '45 000');
    const closes = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await ars.locator('#champ-closes_on').fill(closes);
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Ouvrir l'appel à projets$/ }));
    assert.match(pathOf(ars), /^\/appels\/\d+$/);
    await keyPage(ars, '/appels/{id}', '05-appel');
    assert.match(await ars.locator('main dl.facts').first().innerText(), /0 sur 8 postes attribués/);

    // --- The demo request filed by an establishment: instruction with the keyboard alone -------
    await ars.goto('/financements');
    await click(ars, 'main table a[href^="/demandes/"]', /Équipe mobile de réhabilitation/);
    assert.match(pathOf(ars), /^\/demandes\/\d+$/);
    const request = pathOf(ars);
    await keyPage(ars, '/demandes/{id} (déposée)', '05-demande');
    await chooseAction(ars, 'ArrowDown'); // from "Demander des compléments" to "Passer en instruction"
    assert.ok(await ars.locator('#action-instruire').isChecked());
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Enregistrer$/ }));
    await assertStatus(ars, await ars.locator('h1').innerText(), /Décision enregistrée/);
    // A refusal needs its reason, which the establishment will read.
    await chooseAction(ars, 'ArrowDown'); // from "Accepter" to "Refuser"
    assert.ok(await ars.locator('#action-refuser').isChecked());
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Enregistrer$/ }));
    await assertFormErrors(ars, { motif: /motif/ });
    await checkPage(ars, '/demandes/{id} (refus sans motif)');
    await chooseAction(ars, 'ArrowUp'); // back to "Accepter et accorder la subvention"
    assert.ok(await ars.locator('#champ-action').isChecked());
    // Accepting grants 90,000 €: the box that states the amount must be ticked first.
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Enregistrer$/ }));
    await assertFormErrors(ars, { confirmation: /confirme le montant/ });
    assert.ok(await ars.locator('#champ-action').isChecked(), 'the chosen action is kept');
    await keyboard.focus(ars, '#champ-confirmation');
    await ars.keyboard.press('Space');
    assert.ok(await ars.locator('#champ-confirmation').isChecked());
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Enregistrer$/ }));
    assert.equal(pathOf(ars), request);
    assert.match(await ars.locator('main dl.facts').first().innerText(), /Acceptée/);
    assert.equal(await ars.locator('main table tbody tr').count(), 4, 'four dated, attributed steps');

    // --- The subsidy: two years of 45,000 €, a payment can not exceed what was granted ----------
    await click(ars, 'main a', /^Voir la subvention$/);
    assert.match(pathOf(ars), /^\/subventions\/\d+$/);
    await keyPage(ars, '/subventions/{id}', '05-subvention');
    assert.match(await ars.locator('main dl.facts').first().innerText(), /90\u00a0000,00\u00a0€/);
    await keyboard.fill(ars, '#champ-montant', '45 000,01');
    await ars.locator('#champ-date').fill(new Date().toISOString().slice(0, 10));
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Enregistrer le versement$/ }));
    await assertFormErrors(ars, { montant: /dépasse ce qui reste à verser/ });
    await keyboard.fill(ars, '#champ-montant', '22 500');
    await navigate(ars, () => keyboard.activate(ars, { selector: 'main form button', text: /^Enregistrer le versement$/ }));
    await assertStatus(ars, await ars.locator('h1').innerText(), /Versement enregistré/);
    assert.match(await ars.locator('main dl.facts').first().innerText(), /Versé\s+22\u00a0500,00\u00a0€/);

    // --- The dashboard: a chart named for screen readers, its table, the CSV --------------------
    await ars.goto('/financements');
    await keyPage(ars, '/financements (tableau de bord)', '05-tableau-de-bord');
    const chart = ars.locator('main svg[role=img]');
    assert.ok(await chart.count() >= 1);
    assert.match(await chart.first().getAttribute('aria-labelledby'), /montants-titre montants-desc/);
    assert.ok(await ars.locator('main table caption', { hasText: 'Montants engagés et versés par année' }).count());
    const csv = await ars.evaluate(async () => (await fetch('/financements.csv')).text());
    assert.match(csv, /^\uFEFF?indicateur;précision;valeur/); // text() drops the byte-order mark
    assert.match(csv, /postes financés;total;3/); // the demo's two, and this one
  } finally {
    await ars.context().close();
  }

  // --- The public statistics: small counts hidden -----------------------------------------------
  const visitor = await newPage(browser);
  try {
    assert.equal((await visitor.goto('/statistiques')).status(), 200);
    await keyPage(visitor, '/statistiques', '05-statistiques');
    assert.match(await visitor.locator('main').innerText(), /< 5/);
  } finally {
    await visitor.context().close();
  }
});
