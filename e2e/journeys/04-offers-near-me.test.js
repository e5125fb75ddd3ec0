'use strict';
// Journey 4: offers near me, with the keyboard alone. A visitor searches around Chambéry (the
// place field suggests communes as one types), is asked to choose between the Saint-Denis,
// is told in French when the radius is wrong, saves the search with an e-mail address and
// confirms it from the link; then reads the map of France and follows a département.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage, tabTo } = require('../lib/browser');
const { checkPage, navigate, keyboard, assertFormErrors, assertStatus, pathOf } = require('../lib/pages');
const { outboxSnapshot, waitForMail, linkIn } = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// "à 12 km" of each result, in order.
async function distances(page) {
  const texts = await page.locator('ol.offres > li dd strong').allInnerTexts();
  return texts.map((t) => {
    if (/moins d.1 km/.test(t)) return 0;
    const m = /^à (\d+) km$/.exec(t.trim());
    assert.ok(m, `a distance reads "à N km": "${t}"`);
    return Number(m[1]);
  });
}

test('a visitor finds offers near a town and saves the search (keyboard only)', { timeout: 240_000 }, async () => {
  const page = await newPage(browser);
  try {
    assert.equal((await page.goto('/offres')).status(), 200);
    await checkPage(page, '/offres');

    // Suggestions as one types: the datalist fills from /api/v1/communes.
    await keyboard.fill(page, '#champ-lieu', 'chamb');
    await page.waitForFunction(() => [...document.querySelectorAll('#communes option')]
      .some((o) => o.value === 'Chambéry (73000)'), null, { timeout: 5_000 });
    await keyboard.fill(page, '#champ-lieu', 'Chambéry (73000)');
    await keyboard.focus(page, '#champ-rayon');
    await page.keyboard.press('ArrowDown'); // 100 km
    await page.keyboard.press('ArrowUp'); // back to 50 km, the default
    assert.equal(await page.locator('#champ-rayon').inputValue(), '50');
    await keyboard.focus(page, '#champ-lieu');
    await navigate(page, () => keyboard.submit(page));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('lieu'), 'Chambéry (73000)');
    assert.equal(url.searchParams.get('rayon'), '50');
    await checkPage(page, '/offres?lieu=Chambéry');
    assert.match(await page.locator('main p.near').innerText(), /rayon de 50 km autour de Chambéry \(73000\)/);
    const found = await distances(page);
    assert.ok(found.length >= 1, 'the SMART 73 offer near Chambéry');
    assert.ok(found.every((km) => km <= 50), `within 50 km: ${found}`);
    assert.deepEqual(found, [...found].sort((a, b) => a - b), 'nearest first');
    assert.ok(await page.locator('ol.offres > li').filter({ hasText: 'SMART 73' }).count() >= 1);

    // Save the search: address, then the button, with the keyboard.
    await keyboard.fill(page, '#champ-email', 'alerte.e2e@exemple.fr');
    const before = outboxSnapshot();
    await navigate(page, () => keyboard.activate(page, { selector: 'main form[action="/alertes"] button', text: /Créer l.alerte/ }));
    await checkPage(page, 'alerte demandée');
    await assertStatus(page, 'Confirmez votre alerte', /alerte\.e2e@exemple\.fr/);
    const mail = await waitForMail({ to: 'alerte.e2e@exemple.fr', subject: /^Confirmez votre alerte/, after: before });
    assert.equal((await page.goto(linkIn(mail, '/alertes/confirmation'))).status(), 200);
    await checkPage(page, 'confirmation');
    await navigate(page, () => keyboard.activate(page, { selector: 'main form button', text: /Confirmer l.alerte/ }));
    await checkPage(page, 'alerte confirmée');
    await assertStatus(page, 'Alerte confirmée', /Chambéry \(73000\)[\s\S]*\/alertes\/flux\//);
    const feed = /\S+\/alertes\/flux\/\S+/.exec(await page.locator('main').innerText())[0];
    const atom = await page.request.get(feed);
    assert.equal(atom.status(), 200);
    assert.match(atom.headers()['content-type'], /application\/atom\+xml/);
    assert.match(await atom.text(), /SMART 73/);
  } finally {
    await page.context().close();
  }
});

test('an ambiguous town asks to choose; a wrong radius is explained', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  try {
    assert.equal((await page.goto('/offres?lieu=Saint-Denis&rayon=25')).status(), 200);
    await checkPage(page, '/offres?lieu=Saint-Denis');
    const choices = page.locator('main section.choices a');
    assert.ok(await choices.count() >= 2, 'the communes named Saint-Denis');
    await navigate(page, () => keyboard.activate(page, { selector: 'main section.choices a', text: /^Saint-Denis \(97400\)$/ }));
    assert.equal(new URL(page.url()).searchParams.get('lieu'), 'Saint-Denis (97400)');
    await checkPage(page, '/offres?lieu=Saint-Denis (97400)');
    assert.match(await page.locator('main p.near').innerText(), /autour de Saint-Denis \(97400\)/);

    const bad = await page.goto('/offres?lieu=73000&rayon=abc');
    assert.equal(bad.status(), 400);
    await checkPage(page, '400 rayon=abc');
    assert.match(await page.locator('#erreur-rayon').innerText(), /10, 25, 50, 100 ou 200 km/);
    const unknown = await page.goto('/offres?lieu=99999');
    assert.equal(unknown.status(), 400);
    assert.match(await page.locator('#erreur-lieu').innerText(), /Le code postal 99999 n.existe pas/);
    assert.equal(await page.locator('#champ-lieu').getAttribute('aria-invalid'), 'true');
  } finally {
    await page.context().close();
  }
});

test('the map of France shows the open offers of each département', { timeout: 120_000 }, async () => {
  const page = await newPage(browser);
  try {
    await page.goto('/offres');
    await navigate(page, () => keyboard.activate(page, { selector: 'main a[href="/carte"]', text: /carte/ }));
    assert.equal(pathOf(page), '/carte');
    await checkPage(page, '/carte');
    const svg = page.locator('main svg');
    assert.equal(await svg.locator('a').count(), 101, 'one link per département');
    assert.match(await svg.locator('title').first().textContent(), /Carte de France/);
    const savoie = svg.locator('a[href="/offres?departement=73"]');
    assert.match(await savoie.getAttribute('aria-label'), /^Savoie \(73\) : \d+ offres? ouvertes?$/);
    // The same figure in the table.
    const row = page.locator('main table tr').filter({ hasText: '73 – Savoie' });
    const count = Number(await row.locator('td').last().innerText());
    assert.ok(count >= 1);
    assert.match(await savoie.getAttribute('aria-label'), new RegExp(`: ${count} offres? ouvertes?$`));

    // A département on the map, with the keyboard, leads to its offers.
    await tabTo(page, 'main svg a[href="/offres?departement=73"]', { max: 200 });
    await navigate(page, () => page.keyboard.press('Enter'));
    assert.equal(new URL(page.url()).searchParams.get('departement'), '73');
    await checkPage(page, '/offres?departement=73');
  } finally {
    await page.context().close();
  }
});
