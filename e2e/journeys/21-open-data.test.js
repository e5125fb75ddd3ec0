'use strict';
// Journey 21 (open data): a visitor goes from the footer to the open-data page with the
// keyboard alone, reads what each dataset holds and the small-cell rule, and downloads a CSV
// and its JSON, which say the same; then from /statistiques, whose link leads to the same page.
// Every page gets the accessibility check (lib/pages.js, checkPage).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage, tabTo } = require('../lib/browser');
const { pathOf, checkPage, navigate, keyboard } = require('../lib/pages');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a visitor finds the open data from the footer and reads a protected dataset', async () => {
  const page = await newPage(browser);
  await page.goto('/');
  // The footer is the page's end: Shift+Tab from the top reaches it first.
  await tabTo(page, { selector: 'footer a', text: /Données ouvertes du programme/ }, { backward: true });
  await navigate(page, () => page.keyboard.press('Enter'));
  assert.equal(pathOf(page), '/donnees-ouvertes');
  await checkPage(page, 'donnees ouvertes');
  const main = await page.locator('main').innerText();
  assert.match(main, /Licence Ouverte/);
  assert.match(main, /1 à 4/);

  const slug = 'postes-finances-par-region';
  const csv = await (await page.request.get(`/donnees-ouvertes/${slug}.csv`)).text();
  const json = await (await page.request.get(`/donnees-ouvertes/${slug}.json`)).json();
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'region,annee,postes_finances');
  assert.equal(lines.length - 1, json.lignes.length, 'the CSV and the JSON have the same rows');
  json.lignes.forEach((row, i) => {
    const value = lines[i + 1].split(',').at(-1);
    assert.equal(value, row.masque ? '< 5' : String(row.valeur), `row ${i + 1}`);
  });
  const schema = await (await page.request.get(`/donnees-ouvertes/${slug}.schema.json`)).json();
  assert.deepEqual(schema.fields.map((f) => f.name), ['region', 'annee', 'postes_finances']);
});

test('the statistics page links to the open data', async () => {
  const page = await newPage(browser);
  await page.goto('/statistiques');
  await checkPage(page, 'statistiques');
  await navigate(page, () => keyboard.activate(page, { selector: 'main a', text: /données ouvertes/ }));
  assert.equal(pathOf(page), '/donnees-ouvertes');
});
