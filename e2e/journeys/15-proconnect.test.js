'use strict';
// Journey 15 (ProConnect): a staff member invited by the coordination accepts with « S'identifier
// avec ProConnect » against a real OpenID provider (e2e/lib/oidc-provider.js, configured with
// ProConnect's claims), which links the new account; the local second factor still applies; the
// sign-out goes through the provider; signing in again uses the link; and a tampered ID token, a
// wrong nonce and an unknown issuer are refused, as is an identity linked to no account; a demo
// staff account is linked by the address the provider verified.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, navigate, pointer, assertStatus, click } = require('../lib/pages');
const { RUN, inviteWithCli, totp } = require('../lib/accounts');

const ISSUER = process.env.MSP_OIDC_ISSUER;
const BUTTON = /^S'identifier avec ProConnect$/;

let browser;
before(async () => {
  assert.ok(ISSUER, 'MSP_OIDC_ISSUER names the test provider (scripts/e2e starts it)');
  browser = await launch();
});
after(async () => { await browser?.close(); });

// Makes the provider's NEXT ID token tampered, with a wrong nonce, or from another issuer.
async function nextToken(mode) {
  const answer = await fetch(`${ISSUER}/__control?mode=${mode}`, { method: 'POST' });
  assert.equal(answer.status, 204);
}

const onProvider = (page) => page.url().startsWith(ISSUER);

// The provider's login page: the professional address, then back to MSP.
async function providerLogin(page, email) {
  assert.ok(onProvider(page), `at the provider, not ${page.url()}`);
  await page.locator('#login').fill(email);
  return navigate(page, () => page.locator('button[type=submit]').click());
}

// A TOTP code of a step not yet used (each code works once): waits for the next step if needed.
let lastStep = 0;
async function freshCode(secret) {
  while (Math.floor(Date.now() / 30_000) <= lastStep) await new Promise((r) => setTimeout(r, 500));
  lastStep = Math.floor(Date.now() / 30_000);
  return totp(secret);
}

const email = `proconnect-${RUN}@e2e.test`;
let secret;

test('an invited staff member creates their account with ProConnect, then signs out through it', async () => {
  const link = inviteWithCli({ role: 'coordinator', email });
  const page = await newPage(browser);
  assert.equal((await page.goto(link)).status(), 200);
  await checkPage(page, '/invitation (ProConnect)');
  const about = page.locator('main a', { hasText: "Qu'est-ce que ProConnect ?" });
  assert.equal(await about.getAttribute('href'), 'https://www.proconnect.gouv.fr/');
  assert.equal(await about.getAttribute('target'), '_blank');
  assert.equal(await about.getAttribute('rel'), 'noopener');
  const colours = await page.locator('main a.oidc-button').evaluate((a) => {
    const style = getComputedStyle(a);
    return [style.backgroundColor, style.color];
  });
  assert.deepEqual(colours, ['rgb(0, 0, 145)', 'rgb(255, 255, 255)'], 'ProConnect blue, white text');

  await navigate(page, () => pointer.activate(page, { selector: 'main a', text: BUTTON }));
  await providerLogin(page, email);
  // Back from the provider: the account exists and is linked; the second factor comes next.
  assert.equal(pathOf(page), '/compte/double-authentification');
  await checkPage(page, '/compte/double-authentification (ProConnect)');
  secret = (await page.locator('main code').innerText()).replace(/\s+/g, '');
  await pointer.fill(page, '#champ-code', await freshCode(secret));
  await navigate(page, () => pointer.submit(page));
  await assertStatus(page, 'Vos codes de secours', /double authentification est active/);
  await click(page, 'main a', /^Continuer vers mon espace$/);
  assert.equal(pathOf(page), '/espace');
  assert.equal((await page.goto('/compte')).status(), 200);
  await checkPage(page, '/compte (ProConnect lié)');
  assert.match(await page.locator('main').innerText(), /SIRET 13002526500013/);
  assert.match(await page.locator('main').innerText(), /Camille Proconnect/);

  // Sign-out: MSP's session ends, then the provider's, which sends the browser back.
  await navigate(page, () => pointer.activate(page, { selector: 'header button', text: /^Se déconnecter$/ }));
  assert.ok(onProvider(page), `the provider's sign-out, not ${page.url()}`);
  assert.match(page.url(), /id_token_hint=/);
  await navigate(page, () => page.locator('button[name=logout]').click());
  assert.equal(pathOf(page), '/deconnexion/oidc');
  assert.equal(await page.locator('h1').innerText(), 'Vous êtes déconnecté·e');
  await checkPage(page, '/deconnexion/oidc');
  assert.equal((await page.goto('/compte')).url().includes('/connexion'), true, 'signed out of MSP');
  await page.close();
});

test('the linked account signs in again with ProConnect, and the second factor', async () => {
  assert.ok(secret, 'the first test enrolled the second factor');
  const page = await newPage(browser);
  assert.equal((await page.goto('/connexion')).status(), 200);
  await checkPage(page, '/connexion (ProConnect)');
  await navigate(page, () => pointer.activate(page, { selector: 'main a', text: BUTTON }));
  await providerLogin(page, email);
  assert.equal(pathOf(page), '/connexion/code');
  await pointer.fill(page, '#champ-code', await freshCode(secret));
  await navigate(page, () => pointer.submit(page));
  assert.equal(pathOf(page), '/espace');
  await page.close();
});

async function refused(mode) {
  const page = await newPage(browser);
  await page.goto('/connexion');
  if (mode) await nextToken(mode);
  await navigate(page, () => pointer.activate(page, { selector: 'main a', text: BUTTON }));
  // The provider still has this browser's session from the login above, or asks again.
  if (onProvider(page)) await providerLogin(page, email);
  return page;
}

for (const [mode, what] of [['tamper', 'a tampered ID token'], ['nonce', 'a wrong nonce'], ['issuer', 'an unknown issuer']]) {
  test(`${what} is refused`, async () => {
    const page = await refused(mode);
    assert.equal(pathOf(page), '/connexion/oidc/retour');
    assert.equal(await page.locator('h1').innerText(), 'Connexion refusée');
    assert.match(await page.locator('main').innerText(), /n'a pas pu être vérifiée/);
    await checkPage(page, `/connexion/oidc/retour (${mode})`);
    assert.equal((await page.goto('/compte')).url().includes('/connexion'), true, 'nobody signed in');
    await page.close();
  });
}

test('an identity linked to no account is told what to do', async () => {
  const page = await newPage(browser);
  await page.goto('/connexion');
  await navigate(page, () => pointer.activate(page, { selector: 'main a', text: BUTTON }));
  await providerLogin(page, `inconnu-${RUN}@e2e.test`);
  assert.equal(pathOf(page), '/connexion/oidc/retour');
  assert.equal(await page.locator('h1').innerText(), 'Aucun compte lié');
  assert.match(await page.locator('main').innerText(), /demandez une invitation/);
  await checkPage(page, '/connexion/oidc/retour (aucun compte)');
  await page.close();
});

test('a staff account is linked by the address ProConnect verified, as this server allows', async () => {
  // scripts/e2e sets MSP_OIDC_LINK_BY_EMAIL: the demo's ARS officer is found by their address,
  // linked, and still owes their own second factor (no multi-factor acr is configured).
  const page = await newPage(browser);
  await page.goto('/connexion');
  await navigate(page, () => pointer.activate(page, { selector: 'main a', text: BUTTON }));
  await providerLogin(page, 'ars@demo.msp.example');
  assert.equal(pathOf(page), '/connexion/code');
  await checkPage(page, '/connexion/code (ProConnect)');
  await page.close();
});
