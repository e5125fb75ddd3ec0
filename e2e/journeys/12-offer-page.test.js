'use strict';
// Journey 12 (an offer a candidate understands and applies from at once, issue 23): on a phone
// (375 × 667) and on a desktop (1280 × 800), the « Postuler » button sits within the first
// screen; « En bref » comes first; an acronym is spelled out; the glossary page, the two
// plain-words pages and the share block (a read-only address without JavaScript, a copy button
// with it) all pass the accessibility check (lib/pages.js, checkPage); a CCOMS coordinator
// corrects a term from their home, and the offers explain it so.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const {
  pathOf, checkPage, navigate, pointer, click, assertFormErrors, assertStatus,
} = require('../lib/pages');
const { RUN, PASSWORD, inviteWithCli, staffFromInvitation } = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The address of the demo's offer at Bondy (Île-de-France, applied to on the platform).
async function bondyOffer(page) {
  await page.goto('/offres?departement=93');
  const link = page.locator('ol.offres > li h2 a[href^="/offres/"]').filter({ hasText: 'accueil et de crise' }).first();
  return new URL(await link.getAttribute('href'), page.url()).pathname;
}

async function assertApplyWithinFirstScreen(page, width, height) {
  const button = page.locator('.apply-first a.apply-button');
  assert.equal(await button.count(), 1, 'one Postuler button at the top');
  assert.match(await button.innerText(), /^Postuler/);
  assert.match(await button.getAttribute('href'), /^\/offres\/[^/]+\/candidater$/, 'the platform, first');
  const box = await button.boundingBox();
  assert.ok(box, 'the button is displayed');
  assert.ok(box.x >= 0 && box.x + box.width <= width, `within the width at ${width} px: ${JSON.stringify(box)}`);
  assert.ok(box.y >= 0 && box.y + box.height <= height, `within the first screen at ${width}×${height}: ${JSON.stringify(box)}`);
}

test('Postuler is within the first screen on a phone and a desktop', { timeout: 180_000 }, async () => {
  for (const [width, height] of [[375, 667], [1280, 800]]) {
    const page = await newPage(browser, { width });
    try {
      await page.setViewportSize({ width, height });
      const offer = await bondyOffer(page);
      assert.equal((await page.goto(offer)).status(), 200);
      await assertApplyWithinFirstScreen(page, width, height);
      if (width === 375) {
        // On a phone, one « Postuler » at a time: the bar at the bottom shows once the top one is out of sight.
        const bar = page.locator('.apply-bar');
        await page.waitForFunction(() => document.querySelector('.apply-bar').hidden);
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
        await page.waitForFunction(() => !document.querySelector('.apply-bar').hidden);
        const barBox = await bar.locator('a').boundingBox();
        assert.ok(barBox && barBox.y >= 0 && barBox.y + barBox.height <= height, `Postuler stays in reach: ${JSON.stringify(barBox)}`);
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      const brief = page.locator('#titre-en-bref');
      assert.equal(await brief.count(), 1, 'En bref is written for the demo offer');
      const [briefBox, contextBox] = [await brief.boundingBox(), await page.locator('#titre-contexte').boundingBox()];
      assert.ok(briefBox.y < contextBox.y, 'En bref comes before the long text');
      assert.match(await page.locator('main').innerText(), /\(centre d'accueil et de crise\)|CAC/);
      assert.equal(await page.locator('#regle-suivi').count(), 1, 'the follow-up rule of Île-de-France, with its source');
      await checkPage(page, `offer ${width}`);
    } finally {
      await page.context().close();
    }
  }
});

test('the glossary, the plain-words pages and sharing, with and without JavaScript', { timeout: 180_000 }, async () => {
  for (const javaScript of [true, false]) {
    const page = await newPage(browser, { javaScript });
    try {
      const offer = await bondyOffer(page);
      await page.goto(offer);
      const address = page.locator('#adresse-offre');
      assert.equal(await address.getAttribute('readonly'), '', 'a read-only field');
      assert.ok((await address.inputValue()).endsWith(offer), 'the offer\'s address');
      const mail = page.getByRole('link', { name: "Envoyer l'offre par e-mail" });
      assert.match(await mail.getAttribute('href'), /^mailto:\?subject=.+&body=http/);
      const copy = page.getByRole('button', { name: 'Copier le lien' });
      assert.equal(await copy.count(), javaScript ? 1 : 0, 'the copy button comes with JavaScript only');
      await checkPage(page, `share js=${javaScript}`);

      await navigate(page, () => page.getByRole('link', { name: /Glossaire : les sigles/ }).first().click());
      assert.equal(new URL(page.url()).pathname, '/glossaire');
      assert.match(await page.locator('main').innerText(), /CATTP/);
      await checkPage(page, `glossaire js=${javaScript}`);

      await page.goto(offer);
      await navigate(page, () => page.getByRole('link', { name: 'Ce qui se passe après votre candidature' }).click());
      assert.equal(new URL(page.url()).pathname, '/apres-candidature');
      await checkPage(page, `après candidature js=${javaScript}`);
      await navigate(page, () => page.locator('main').getByRole('link', { name: 'Préparer son entretien' }).first().click());
      assert.equal(new URL(page.url()).pathname, '/preparer-entretien');
      await checkPage(page, `entretien js=${javaScript}`);
    } finally {
      await page.context().close();
    }
  }
});

test('the CCOMS corrects a term of the glossary from its home', { timeout: 180_000 }, async () => {
  const email = `ccoms12-${RUN}@e2e.test`;
  const coordinator = await staffFromInvitation(browser, inviteWithCli({ role: 'coordinator', email }),
    { name: 'Camille Glossaire', email, password: PASSWORD });
  try {
    await coordinator.goto('/espace');
    await click(coordinator, 'main a', /^Glossaire$/);
    assert.equal(pathOf(coordinator), '/glossaire/modifier');
    await checkPage(coordinator, '/glossaire/modifier');
    const send = () => navigate(coordinator, () => coordinator.locator('main form[action="/glossaire/modifier"] button[type=submit]').click());
    await pointer.fill(coordinator, '#champ-terme', 'CAC');
    assert.equal((await send()).status(), 422);
    await checkPage(coordinator, '/glossaire/modifier (erreur)');
    await assertFormErrors(coordinator, { definition: /^Écrivez ce que veut dire ce terme/ });
    assert.equal(await coordinator.locator('#champ-terme').inputValue(), 'CAC', 'what was typed is kept');
    await pointer.fill(coordinator, '#champ-definition', "centre d'accueil et de crise, ouvert jour et nuit");
    assert.equal((await send()).status(), 200);
    await checkPage(coordinator, '/glossaire/modifier (enregistré)');
    await assertStatus(coordinator, 'Modifier le glossaire', /Terme enregistré/);
    await coordinator.goto('/glossaire');
    assert.match(await coordinator.locator('#cac').innerText(), /ouvert jour et nuit/);
  } finally {
    await coordinator.context().close();
  }
});
