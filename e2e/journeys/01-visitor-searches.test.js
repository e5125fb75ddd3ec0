'use strict';
// Journey 1: a visitor finds a job offer, with and without JavaScript.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage, tabTo } = require('../lib/browser');
const { checkPage } = require('../lib/pages');

// Départements of the Grand Est region (INSEE code 44), to recognise its offers.
const GRAND_EST_DEPTS = ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const pathname = (href) => new URL(href, 'http://x').pathname;

// "24 offres" -> 24, "1 offre" -> 1, "Aucune offre ne correspond à votre recherche." -> 0
async function resultCount(page) {
  const status = page.locator('#nombre-resultats');
  assert.equal(await status.getAttribute('role'), 'status', '#nombre-resultats has role="status"');
  const text = (await status.innerText()).trim();
  if (/^Aucune offre ne correspond à votre recherche/.test(text)) return 0;
  const m = /^(\d[\d\s\u00a0\u202f]*) (offres?)\b/.exec(text);
  assert.ok(m, `unexpected result count text: "${text}"`);
  const n = Number(m[1].replace(/\D/g, ''));
  assert.equal(m[2], n === 1 ? 'offre' : 'offres', `plural agreement in "${text}"`);
  return n;
}

// Each result is an <li> whose <h2> links to the offer; returns the <li> locator.
async function results(page) {
  const items = page.locator('ol.offres > li');
  const n = await items.count();
  assert.equal(await page.locator('ol.offres > li h2 a[href^="/offres/"]').count(), n,
    'every result has an <h2> link to /offres/…');
  const count = await resultCount(page);
  assert.ok(count >= n, `count text says ${count} but ${n} results are listed`);
  if (count <= 10) assert.equal(count, n, 'count text matches the listed results');
  return items;
}

// An offer is in Grand Est if its JSON-LD address says so: addressRegion (name or
// code), else the postal code's département; only without either, its page text.
async function inGrandEst(page, href) {
  const html = await (await page.request.get(href)).text();
  const scripts = [...html.matchAll(/<script[^>]*application\/ld\+json[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
  const address = [].concat(jobPosting(scripts)?.jobLocation ?? [])[0]?.address ?? {};
  if (address.addressRegion) return ['Grand Est', '44'].includes(address.addressRegion);
  if (address.postalCode) return GRAND_EST_DEPTS.some((d) => String(address.postalCode).startsWith(d));
  return /Grand Est/.test(html);
}

// The first JobPosting among the texts of ld+json scripts.
function jobPosting(scripts) {
  return scripts.flatMap((json) => [].concat(JSON.parse(json))).find((d) => d['@type'] === 'JobPosting') ?? null;
}

async function submitSearch(page, form, check) {
  await form.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL((u) => u.pathname === '/offres' && check(u.searchParams));
}

async function visitorSearches(page, tag) {
  // Home page, then the call to action.
  const home = await page.goto('/');
  assert.equal(home.status(), 200);
  await checkPage(page, `${tag} /`);
  const cta = page.getByRole('link', { name: /Voir les offres d['’]emploi/ });
  assert.equal(pathname(await cta.getAttribute('href')), '/offres');
  await cta.click();
  await page.waitForURL((u) => u.pathname === '/offres');
  await checkPage(page, `${tag} /offres`);

  // The search form, its labelled fields and their values.
  const form = page.locator('form[role="search"]');
  assert.equal(await form.count(), 1, 'one search form');
  assert.equal((await form.getAttribute('method'))?.toLowerCase(), 'get');
  assert.equal(await form.getAttribute('action'), '/offres');
  const q = form.getByLabel('Mots-clés');
  assert.equal(await q.getAttribute('name'), 'q', '"Mots-clés" labels input[name=q]');
  for (const name of ['region', 'departement', 'quotite', 'parcours']) {
    const labelled = await form.locator(`select[name=${name}]`).evaluate(
      (e) => e.labels.length > 0 || e.hasAttribute('aria-labelledby'));
    assert.ok(labelled, `select[name=${name}] has a label`);
  }
  const values = (name) => form.locator(`select[name=${name}] option`).evaluateAll((os) => os.map((o) => o.value));
  for (const v of ['temps_plein', 'mi_temps', 'temps_partiel']) assert.ok((await values('quotite')).includes(v), `quotite ${v}`);
  for (const v of ['bobigny', 'bordeaux']) assert.ok((await values('parcours')).includes(v), `parcours ${v}`);
  assert.ok((await values('region')).includes('44'), 'region 44 (Grand Est)');
  await tabTo(page, 'input[name=q]'); // keyboard reaches the search field, with a visible focus
  const all = await resultCount(page);

  // A town typed with the words is read as a place, the page says so, and one link (reached by
  // keyboard) searches the same words as text instead.
  await q.fill('Grenoble');
  await submitSearch(page, form, (p) => p.get('q') === 'Grenoble');
  await checkPage(page, `${tag} /offres?q=Grenoble`);
  const said = page.locator('#lieu-lu');
  assert.match(await said.innerText(), /« Grenoble » a été lu comme un lieu/);
  assert.match(await page.locator('main').innerText(), /autour de Grenoble \(38\)/);
  assert.equal(await (await results(page)).filter({ hasText: 'équipe mobile psychiatrie précarité' }).count(), 1,
    'the Voiron offer, 22 km from Grenoble');
  const cancel = await tabTo(page, { selector: '#lieu-lu a', text: /Chercher plutôt « Grenoble »/ });
  await cancel.dispose();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/offres' && u.searchParams.get('lieu_texte') === 'non');
  await checkPage(page, `${tag} /offres?q=Grenoble&lieu_texte=non`);
  assert.equal(await page.locator('#lieu-lu').count(), 0, 'no place read any more');
  assert.equal(await resultCount(page), 0, 'no offer holds the word « Grenoble »');

  // Full-text search, French-aware: no accent, plural forms.
  await q.fill('mediateurs borderline');
  await submitSearch(page, form, (p) => p.get('q') === 'mediateurs borderline');
  await checkPage(page, `${tag} /offres?q=…`);
  assert.ok(await (await results(page)).filter({ hasText: 'GREMO-PASS' }).count() >= 1,
    'the GREMO-PASS offer matches "mediateurs borderline"');

  // Narrow down to Grand Est.
  await form.locator('select[name=region]').selectOption('44');
  await submitSearch(page, form, (p) => p.get('region') === '44');
  await checkPage(page, `${tag} /offres?region=44`);
  const items = await results(page);
  const count = await resultCount(page);
  assert.ok(count >= 1 && count <= all, `Grand Est count ${count} within 1..${all}`);
  assert.equal(await items.filter({ hasText: 'SMART 73' }).count(), 0, 'SMART 73 (Savoie) is not in Grand Est');
  for (const href of await items.locator('h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    assert.ok(await inGrandEst(page, href), `${href} is in Grand Est`);
  }

  // The offer itself.
  await items.filter({ hasText: 'GREMO-PASS' }).first().locator('h2 a').click();
  await page.waitForURL((u) => u.pathname.startsWith('/offres/'));
  await checkPage(page, `${tag} ${new URL(page.url()).pathname}`);
  assert.match(await page.locator('h1').innerText(), /médiateur/i);
  const howTo = page.locator('section').filter({ has: page.locator('h2', { hasText: 'Comment postuler' }) });
  assert.ok(await howTo.count() >= 1, 'a <section> with an <h2> "Comment postuler"');
  assert.match(await page.locator('main').innerText(), /Date limite/);

  const job = jobPosting(await page.locator('script[type="application/ld+json"]').allTextContents());
  assert.ok(job, 'a <script type="application/ld+json"> with @type JobPosting');
  for (const key of ['title', 'description', 'datePosted', 'validThrough']) assert.ok(job[key], `JobPosting.${key}`);
  assert.ok(!Number.isNaN(Date.parse(job.datePosted)), `datePosted is a date: ${job.datePosted}`);
  assert.ok(Date.parse(job.validThrough) > Date.parse(job.datePosted), 'validThrough after datePosted');
  assert.ok(job.hiringOrganization?.name, 'JobPosting.hiringOrganization.name');
  const location = [].concat(job.jobLocation)[0];
  assert.match(location?.address?.addressLocality ?? '', /Strasbourg/i, 'jobLocation.address.addressLocality');
  assert.ok([].concat(job.employmentType).includes('PART_TIME'), `employmentType PART_TIME: ${job.employmentType}`);
}

test('a visitor searches offers (JavaScript on)', { timeout: 180_000 }, async () => {
  const page = await newPage(browser);
  try { await visitorSearches(page, 'js'); } finally { await page.context().close(); }
});

test('a visitor searches offers (JavaScript off)', { timeout: 180_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  try { await visitorSearches(page, 'nojs'); } finally { await page.context().close(); }
});

test('a search that finds nothing suggests a spelling and the nearest offers', { timeout: 60_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  try {
    assert.equal((await page.goto('/offres?q=psyhcaitrie')).status(), 200);
    await checkPage(page, '/offres?q=psyhcaitrie');
    assert.equal(await resultCount(page), 0);
    const suggestion = page.locator('#suggestion a');
    assert.equal((await suggestion.innerText()).trim(), '« psychiatrie »');
    await suggestion.click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'psychiatrie');
    assert.ok(await resultCount(page) > 0, 'the suggested spelling finds offers');

    assert.equal((await page.goto('/offres?q=borderline+Lyon')).status(), 200);
    await checkPage(page, '/offres?q=borderline+Lyon');
    assert.equal(await resultCount(page), 0, 'no borderline programme within 50 km of Lyon');
    const nearest = page.locator('section[aria-labelledby="proches-titre"] ol.offres > li');
    assert.equal(await nearest.count(), 2, 'the two borderline programmes, further away');
    assert.match(await nearest.first().innerText(), /Strasbourg/);
  } finally {
    await page.context().close();
  }
});

test('unknown offer is 404, bad page number is 400; the pages the law asks for', { timeout: 60_000 }, async () => {
  const page = await newPage(browser);
  try {
    for (const [path, heading] of [['/accessibilite', /accessibilité/], ['/donnees-personnelles', /données personnelles/i]]) {
      assert.equal((await page.goto(path)).status(), 200);
      await checkPage(page, path);
      assert.match(await page.locator('h1').innerText(), heading);
    }

    const missing = await page.goto('/offres/nexiste-pas');
    assert.equal(missing.status(), 404);
    await checkPage(page, '404 /offres/nexiste-pas');
    assert.match(await page.locator('body').innerText(), /introuvable/i);

    const bad = await page.goto('/offres?page=abc');
    assert.equal(bad.status(), 400);
    await checkPage(page, '400 /offres?page=abc');
    assert.match(await page.locator('main').innerText(), /page/i);
  } finally {
    await page.context().close();
  }
});
