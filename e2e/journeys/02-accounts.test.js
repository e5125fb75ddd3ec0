'use strict';
// Journey 2 (accounts): a candidate signs up, confirms the address, logs in and out, with the
// keyboard alone and with JavaScript off; a failed login never says whether the address has an
// account; a forgotten password is replaced through a mailed link. The staff's side is
// journey 8.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const {
  pathOf, checkPage, navigate, keyboard, pointer, assertFormErrors, assertStatus, headerLinks,
} = require('../lib/pages');
const {
  RUN, PASSWORD, outboxSnapshot, waitForMail, linkIn, signUpCandidate, login,
} = require('../lib/accounts');

const SITE = ' – Médiateurs de santé-pair';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// --- a. Sign-up, confirmation, login, logout ----------------------------------------------

async function candidateSignsUp(page, drive, tag) {
  const name = 'Alex';
  const email = `candidat-${tag}-${RUN}@e2e.test`;

  assert.equal((await page.goto('/')).status(), 200);
  await checkPage(page, `${tag} /`);
  await navigate(page, () => drive.activate(page, { selector: 'header a', text: /^Créer un compte$/ }));
  assert.equal(pathOf(page), '/inscription');
  await checkPage(page, `${tag} /inscription`);
  assert.equal(await page.title(), `Créer un compte candidat${SITE}`);
  const autocomplete = await page.locator('main form input:not([type=hidden])').evaluateAll(
    (inputs) => inputs.map((i) => `${i.name}=${i.getAttribute('autocomplete')}`));
  assert.deepEqual(autocomplete, ['name=given-name', 'email=email', 'password=new-password']);

  // A password that is too short: the form comes back, the error at the top, the rest kept.
  await drive.fill(page, '#champ-name', name);
  await drive.fill(page, '#champ-email', email);
  await drive.fill(page, '#champ-password', 'Court1!');
  const refused = await navigate(page, () =>
    drive.activate(page, { selector: 'main form button', text: /^Créer mon compte$/ }));
  assert.equal(refused.status(), 422);
  await checkPage(page, `${tag} /inscription (erreur)`);
  assert.equal(await page.title(), `Erreur – Créer un compte candidat${SITE}`);
  await assertFormErrors(page, { password: /^Le mot de passe doit compter au moins 12 caractères \(il en a 7\)\.$/ });
  assert.equal(await page.locator('#champ-email').inputValue(), email, 'the e-mail typed is kept');
  assert.equal(await page.locator('#champ-name').inputValue(), name, 'the name typed is kept');
  assert.equal(await page.locator('#champ-password').inputValue(), '', 'a password is never sent back');

  // The error's link leads to its field; the e-mail, looked at again, is still there.
  await drive.activate(page, { selector: 'main .error-summary a', text: /mot de passe/ });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'champ-password',
    'the link of the error moves the focus to its field');
  await page.keyboard.type(PASSWORD);
  await drive.focus(page, '#champ-email');
  assert.equal(await page.evaluate(() => document.activeElement.value), email);
  const before = outboxSnapshot();
  const created = await navigate(page, () =>
    drive.activate(page, { selector: 'main form button', text: /^Créer mon compte$/ }));
  assert.equal(created.status(), 200);
  await checkPage(page, `${tag} inscription envoyée`);
  assert.equal(await page.title(), `Vérifiez votre boîte mail${SITE}`);
  await assertStatus(page, 'Vérifiez votre boîte mail', new RegExp(`lien à ${email.replace(/[.]/g, '\\.')}`));

  // The link of the message confirms the address.
  const mail = await waitForMail({ to: email, subject: /^Confirmez votre adresse e-mail$/, after: before });
  assert.match(mail.text, /^Bonjour,/);
  const confirmed = await page.goto(linkIn(mail, '/verification-email'));
  assert.equal(confirmed.status(), 200);
  await checkPage(page, `${tag} /verification-email`);
  await assertStatus(page, 'Adresse confirmée', /Vous pouvez maintenant vous connecter/);

  // Log in: the account page.
  await navigate(page, () => drive.activate(page, { selector: 'main a', text: /^Se connecter$/ }));
  assert.equal(pathOf(page), '/connexion');
  await checkPage(page, `${tag} /connexion`);
  await drive.fill(page, '#champ-email', email);
  await drive.fill(page, '#champ-password', PASSWORD);
  const signedIn = await navigate(page, () => drive.submit(page));
  assert.equal(signedIn.status(), 200);
  assert.equal(pathOf(page), '/espace');
  await checkPage(page, `${tag} /espace`);
  assert.equal(await page.title(), `Mon espace${SITE}`);
  await navigate(page, () => drive.activate(page, { selector: 'main a', text: /^Mon compte/ }));
  assert.equal(pathOf(page), '/compte');
  await checkPage(page, `${tag} /compte`);
  assert.equal(await page.title(), `Mon compte${SITE}`);
  const facts = await page.locator('main dl.facts').innerText();
  for (const text of [name, email, 'Candidat ou candidate', 'inactive']) assert.ok(facts.includes(text), `the account shows ${text}`);
  assert.match(await headerLinks(page), /Mon compte .*Se déconnecter/);

  // Log out: the account is closed to this browser.
  await navigate(page, () => drive.activate(page, { selector: 'header button', text: /^Se déconnecter$/ }));
  await checkPage(page, `${tag} /deconnexion`);
  assert.equal(await page.locator('h1').innerText(), 'Vous êtes déconnecté·e');
  assert.match(await headerLinks(page), /Se connecter .*Créer un compte/);
  await page.goto('/compte');
  assert.equal(pathOf(page), '/connexion', '/compte now asks to log in');
  assert.equal(new URL(page.url()).searchParams.get('suivant'), '/compte');
}

test('a candidate signs up, confirms the address, logs in and out, with the keyboard alone', { timeout: 180_000 }, async () => {
  const page = await newPage(browser);
  try { await candidateSignsUp(page, keyboard, 'clavier'); } finally { await page.context().close(); }
});

test('a candidate signs up, confirms the address, logs in and out, with JavaScript off', { timeout: 180_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  try { await candidateSignsUp(page, pointer, 'sansjs'); } finally { await page.context().close(); }
});

// --- b. A failed login does not tell who has an account -----------------------------------

test('a wrong password and an unknown address get the same French answer', { timeout: 120_000 }, async () => {
  const email = `connu-${RUN}@e2e.test`;
  await signUpCandidate(browser, { name: 'Sam', email, password: PASSWORD });
  const page = await newPage(browser);
  try {
    const answers = [];
    for (const [tag, address, password] of [
      ['mauvais mot de passe', email, 'Pas le bon mot de passe 1'],
      ['adresse inconnue', `inconnu-${RUN}@e2e.test`, PASSWORD],
    ]) {
      await page.goto('/connexion');
      const response = await login(page, address, password);
      await checkPage(page, `/connexion (${tag})`);
      await assertFormErrors(page, { email: /^Adresse e-mail ou mot de passe incorrect\.$/ });
      assert.equal(await page.locator('#champ-email').inputValue(), address, 'the address typed is kept');
      answers.push({ status: response.status(), title: await page.title(), main: await page.locator('main').innerText() });
    }
    assert.equal(answers[0].status, 422);
    assert.deepEqual(answers[1], answers[0], 'both failures read the same');

    // The account itself works: the failure was the password.
    await login(page, email, PASSWORD);
    assert.equal(pathOf(page), '/espace');
    await checkPage(page, '/espace');
    await navigate(page, () => pointer.activate(page, { selector: 'header a', text: /^Mes candidatures$/ }));
    assert.equal(pathOf(page), '/mes-candidatures');
    await checkPage(page, '/mes-candidatures (aucune)');
  } finally {
    await page.context().close();
  }
});

// --- c. Password forgotten ----------------------------------------------------------------

test('a forgotten password is replaced through the mailed link, which works once', { timeout: 120_000 }, async () => {
  const email = `oubli-${RUN}@e2e.test`;
  const newPassword = 'Un tout nouveau mot de passe 7';
  await signUpCandidate(browser, { name: 'Charlie', email, password: PASSWORD });
  const page = await newPage(browser);
  try {
    await page.goto('/connexion');
    await checkPage(page, '/connexion');
    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Mot de passe oublié/ }));
    assert.equal(pathOf(page), '/mot-de-passe-oublie');
    await checkPage(page, '/mot-de-passe-oublie');
    assert.equal(await page.locator('#champ-email').getAttribute('autocomplete'), 'email');

    await pointer.fill(page, '#champ-email', email);
    const before = outboxSnapshot();
    await navigate(page, () => pointer.submit(page));
    await checkPage(page, '/mot-de-passe-oublie (envoyé)');
    await assertStatus(page, 'Vérifiez votre boîte mail', /Si un compte existe pour .*valable 1 heure/);

    const mail = await waitForMail({ to: email, subject: /^Choisir un nouveau mot de passe$/, after: before });
    const link = linkIn(mail, '/mot-de-passe/nouveau');
    assert.equal((await page.goto(link)).status(), 200);
    await checkPage(page, '/mot-de-passe/nouveau');
    assert.equal(await page.locator('#champ-password').getAttribute('autocomplete'), 'new-password');
    await pointer.fill(page, '#champ-password', newPassword);
    await navigate(page, () => pointer.submit(page));
    await checkPage(page, '/mot-de-passe/nouveau (enregistré)');
    await assertStatus(page, 'Mot de passe changé', /nouveau mot de passe est enregistré/);

    // The old password no longer opens the account; the new one does.
    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Se connecter$/ }));
    await checkPage(page, '/connexion');
    assert.equal((await login(page, email, PASSWORD)).status(), 422);
    await checkPage(page, '/connexion (ancien mot de passe)');
    await assertFormErrors(page, { email: /^Adresse e-mail ou mot de passe incorrect\.$/ });
    await login(page, email, newPassword);
    assert.equal(pathOf(page), '/espace');
    await checkPage(page, '/espace (nouveau mot de passe)');

    // The link served once: opening it again says so, and what to do.
    const reused = await page.goto(link);
    assert.equal(reused.status(), 410);
    await checkPage(page, '/mot-de-passe/nouveau (lien déjà servi)');
    assert.equal(await page.locator('h1').innerText(), 'Lien inutilisable');
    assert.match(await page.locator('main').innerText(), /déjà servi/);
    assert.equal(await page.locator('main a', { hasText: 'Demander un nouveau lien' }).getAttribute('href'), '/mot-de-passe-oublie');
  } finally {
    await page.context().close();
  }
});

// --- d. Staff: the first admin ------------------------------------------------------------
