'use strict';
// Journey 4 (applying): a visitor opens the first offer and applies online without an account.
// The empty form is refused with every message linked to its field; the text fields are then
// typed with the keyboard; a program given as the letter is refused while the CV is kept and the
// typed values stay; the letter is sent again (ODT) and the application goes through. The
// confirmation e-mail's link opens the application ("Reçue"), which the visitor withdraws.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { launch, newPage } = require('../lib/browser');
const {
  pathOf, checkPage, navigate, keyboard, pointer, assertFormErrors,
} = require('../lib/pages');
const { RUN, outboxSnapshot, waitForMail } = require('../lib/accounts');

const FIXTURES = path.join(__dirname, '..', '..', 'tests', 'fixtures');
const fixture = (name) => path.join(FIXTURES, name);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// From /offres, the first result, then its "Postuler en ligne" link; returns the form's path.
async function openApplyForm(page, tag) {
  assert.equal((await page.goto('/offres')).status(), 200);
  await navigate(page, () => page.locator('ol.offres > li h2 a').first().click());
  const offer = pathOf(page);
  assert.match(offer, /^\/offres\/[^/]+$/);
  const apply = page.getByRole('link', { name: 'Postuler en ligne' });
  assert.equal(await apply.getAttribute('href'), `${offer}/candidater`);
  const response = await navigate(page, () => apply.click());
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), `${offer}/candidater`);
  assert.match(await page.locator('h1').innerText(), /^Postuler : /);
  await checkPage(page, `${tag} ${offer}/candidater`);
  return `${offer}/candidater`;
}

const value = (page, selector) => page.locator(selector).inputValue();

test('a visitor applies to an offer, follows and withdraws the application', { timeout: 180_000 }, async () => {
  const page = await newPage(browser);
  try {
    const formPath = await openApplyForm(page, 'js');

    // The empty form: 422, every message in the summary, linked to its field.
    const empty = await navigate(page, () => pointer.submit(page));
    assert.equal(empty.status(), 422);
    assert.equal(pathOf(page), formPath);
    await assertFormErrors(page, {
      nom: /Indiquez vos prénom et nom/,
      email: /Indiquez votre adresse e-mail/,
      telephone: /Indiquez un numéro de téléphone/,
      commune: /Indiquez la commune/,
      consentement: /Cochez la case de consentement/,
      cv: /^CV : joignez un fichier PDF, DOCX ou ODT/,
      lettre: /^Lettre de motivation : joignez un fichier PDF, DOCX ou ODT/,
    });
    await checkPage(page, `js ${formPath} (empty, 422)`);

    // The text fields with the keyboard alone; the rest with the pointer. A program as the letter.
    const email = `candidat-${RUN}@exemple.fr`;
    const typed = {
      '#champ-nom': `Camille Martin ${RUN}`,
      '#champ-email': email,
      '#champ-telephone': '06 12 34 56 78',
      '#champ-commune': 'Strasbourg',
    };
    for (const [selector, text] of Object.entries(typed)) await keyboard.fill(page, selector, text);
    await page.locator('#champ-consentement').check();
    await page.locator('#champ-cv').setInputFiles(fixture('cv.pdf'));
    await page.locator('#champ-lettre').setInputFiles(fixture('programme.exe'));
    const refused = await navigate(page, () => pointer.submit(page));
    assert.equal(refused.status(), 422);
    await assertFormErrors(page, { lettre: /^Lettre de motivation : .*n'est pas un PDF, un DOCX ou un ODT/ });
    assert.match(await page.locator('#garde-cv').innerText(), /^Fichier reçu et gardé : cv\.pdf\b/);
    assert.equal(await page.locator('#champ-cv').getAttribute('aria-describedby'), 'garde-cv');
    for (const [selector, text] of Object.entries(typed)) assert.equal(await value(page, selector), text, `${selector} kept`);
    assert.ok(await page.locator('#champ-consentement').isChecked(), 'consent kept');
    await checkPage(page, `js ${formPath} (refused letter, 422)`);

    // The letter again, as an ODT, and only it: the kept CV goes with it.
    await page.locator('#champ-lettre').setInputFiles(fixture('lettre.odt'));
    const before = outboxSnapshot();
    const sent = await navigate(page, () => pointer.submit(page));
    assert.equal(sent.status(), 200);
    assert.equal(await page.locator('h1').innerText(), 'Candidature envoyée');
    assert.match(await page.locator('main [role=status]').innerText(), /est enregistrée/);
    await checkPage(page, 'js candidature envoyée');

    // The confirmation e-mail's personal link: the application, received.
    const mail = await waitForMail({ to: email, subject: /^Candidature reçue/, after: before });
    const link = (mail.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])
      .find((l) => l.startsWith(process.env.MSP_BASE_URL) && /^\/suivi\/[^/]+$/.test(new URL(l).pathname));
    assert.ok(link, `a /suivi/… link in "${mail.subject}":\n${mail.text}`);
    assert.equal((await page.goto(link)).status(), 200);
    assert.match(await page.locator('h1').innerText(), /^Ma candidature : /);
    const state = page.locator('dl.facts div').filter({ has: page.locator('dt', { hasText: 'État' }) }).locator('dd');
    assert.equal((await state.innerText()).trim(), 'Reçue');
    const documents = await page.locator('main').innerText();
    assert.match(documents, /CV : cv\.pdf/);
    assert.match(documents, /Lettre de motivation : lettre\.odt/);
    await checkPage(page, 'js /suivi/… (reçue)');

    // Withdrawn.
    await navigate(page, () => pointer.activate(page, { selector: 'main button', text: /^Retirer ma candidature$/ }));
    assert.equal(pathOf(page), new URL(link).pathname);
    assert.equal((await state.innerText()).trim(), 'Retirée');
    assert.equal(await page.locator('main button', { hasText: /^Retirer ma candidature$/ }).count(), 0,
      'no withdraw button once withdrawn');
    await checkPage(page, 'js /suivi/… (retirée)');
  } finally {
    await page.context().close();
  }
});

test('the application form without JavaScript', { timeout: 60_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  try {
    await openApplyForm(page, 'nojs');
    for (const id of ['nom', 'email', 'telephone', 'commune', 'consentement', 'cv', 'lettre']) {
      assert.equal(await page.locator(`#champ-${id}`).count(), 1, `#champ-${id}`);
    }
    // The care question is no longer asked; the programme's advice is stated instead.
    assert.equal(await page.locator('[name=suivi]').count(), 0);
    assert.match(await page.locator('#conseil-suivi').innerText(), /en parler en entretien/);
  } finally {
    await page.context().close();
  }
});
