'use strict';
// Journey 13 (stored documents): a candidate with an account keeps a CV and a letter in
// « Mes documents » (reached from their home), then applies to the first offer choosing them,
// without uploading anything; the application shows the documents it received.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, navigate, pointer } = require('../lib/pages');
const { RUN, PASSWORD, login, signUpCandidate } = require('../lib/accounts');

const FIXTURES = path.join(__dirname, '..', '..', 'tests', 'fixtures');
const fixture = (name) => path.join(FIXTURES, name);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Adds a document through the page's upload form.
async function addDocument(page, kindId, name, file) {
  await page.locator(kindId).check();
  await pointer.fill(page, '#champ-nom', name);
  await page.locator('#champ-fichier').setInputFiles(fixture(file));
  const response = await navigate(page, () => page.getByRole('button', { name: 'Ajouter ce document' }).click());
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), '/compte/documents');
}

test('a signed-in candidate applies with the documents kept in their account', { timeout: 180_000 }, async () => {
  const email = `documents-${RUN}@e2e.test`;
  await signUpCandidate(browser, { name: 'Dominique Petit', email, password: PASSWORD });
  const page = await newPage(browser);
  try {
    await page.goto('/connexion');
    await login(page, email, PASSWORD);
    assert.equal(pathOf(page), '/espace');
    await navigate(page, () => page.locator('main a').filter({ hasText: /^Mes documents$/ }).first().click());
    assert.equal(pathOf(page), '/compte/documents');
    await checkPage(page, '/compte/documents (vide)');

    await addDocument(page, '#champ-type', 'CV 2026', 'cv.pdf');
    await addDocument(page, '#type-lettre', '', 'lettre.odt');
    const kept = await page.locator('main').innerText();
    assert.match(kept, /CV 2026/);
    assert.match(kept, /lettre\.odt/, 'a document without a name takes its file name');
    await checkPage(page, '/compte/documents (deux documents)');

    // The first offer's form, from its Postuler button, offers both, chosen already: nothing to upload.
    assert.equal((await page.goto('/offres')).status(), 200);
    await navigate(page, () => page.locator('ol.offres > li h2 a').first().click());
    const formPath = `${pathOf(page)}/candidater`;
    // Applying starts from the offer's first screen: its « Postuler » button.
    assert.equal((await navigate(page, () => page.locator('#postuler-haut a.apply-button').click())).status(), 200);
    assert.equal(pathOf(page), formPath);
    assert.ok(await page.locator('#champ-cv').isChecked(), 'the stored CV is chosen');
    assert.ok(await page.locator('#champ-lettre').isChecked(), 'the stored letter is chosen');
    assert.equal(await page.locator('[name=suivi]').count(), 0, 'no question about one\'s care');
    await checkPage(page, `${formPath} (connecté·e, documents enregistrés)`);
    await pointer.fill(page, '#champ-telephone', '06 12 34 56 78');
    await pointer.fill(page, '#champ-commune', 'Rennes');
    await page.locator('#champ-consentement').check();
    const sent = await navigate(page, () => pointer.submit(page));
    assert.equal(sent.status(), 200);
    assert.equal(await page.locator('h1').innerText(), 'Candidature envoyée');
    await checkPage(page, 'candidature envoyée avec les documents enregistrés');

    // The application holds its own copies, under the files' names.
    await navigate(page, () => page.getByRole('link', { name: 'Suivre mes candidatures' }).click());
    await navigate(page, () => page.locator('main table a').first().click());
    const application = await page.locator('main').innerText();
    assert.match(application, /CV : cv\.pdf/);
    assert.match(application, /Lettre de motivation : lettre\.odt/);
    await checkPage(page, '/mes-candidatures/… (documents enregistrés)');
  } finally {
    await page.context().close();
  }
});
