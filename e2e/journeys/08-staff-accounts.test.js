'use strict';
// Journey 8 (staff accounts): the first admin, invited with `msp user add`, enrols the second
// factor, invites a recruiter and reads the audit log. The candidate's side is journey 2.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  launch, newPage, checkA11y, tabTo, assertFocusVisible,
} = require('../lib/browser');
const {
  pathOf, checkPage, checkNarrow, navigate, keyboard, pointer, assertFormErrors, assertStatus, headerLinks,
} = require('../lib/pages');
const {
  RUN, PASSWORD, outboxSnapshot, waitForMail, linkIn, totp, inviteWithCli, login,
} = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the TOTP helper computes the RFC 6238 reference codes', () => {
  // RFC 6238, appendix B (SHA-1 key "12345678901234567890"), last 6 of the 8 digits.
  const key = Buffer.from('12345678901234567890');
  assert.equal(totp(key, 59, 8), '94287082');
  assert.equal(totp(key, 1111111109, 8), '07081804');
  assert.equal(totp(key, 20000000000, 8), '65353130');
  assert.equal(totp(key, 59), '287082');
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59), '287082', 'the same key in base32');
});

// The codes the server accepts now (one step of clock drift either way), to pick one it refuses.
const acceptedNow = (secret) => [-30, 0, 30].map((dt) => totp(secret, Date.now() / 1000 + dt));

async function auditRows(page) {
  return page.locator('main table tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const [at, actor, action, target, ip, detail] = [...tr.cells].map((td) => td.innerText.trim());
    return { at, actor, action, target, ip, detail };
  }));
}

test('the first admin, invited from the command line, enrols TOTP, invites a recruiter and reads the audit log', { timeout: 240_000 }, async () => {
  const adminEmail = `admin-${RUN}@e2e.test`;
  const recruiterEmail = `recruteur-${RUN}@e2e.test`;
  const invitation = inviteWithCli({ role: 'admin', email: adminEmail });
  const page = await newPage(browser);
  try {
    // The invitation: the person chooses a name and a password.
    assert.equal((await page.goto(invitation)).status(), 200);
    await checkPage(page, '/invitation');
    assert.equal(await page.locator('h1').innerText(), 'Créer votre compte');
    const intro = await page.locator('main').innerText();
    assert.ok(intro.includes(adminEmail) && intro.includes('« Administration technique »'), intro);
    await pointer.fill(page, '#champ-name', 'Dominique Admin');
    await pointer.fill(page, '#champ-password', PASSWORD);
    await navigate(page, () => pointer.submit(page));
    await checkPage(page, '/invitation (compte créé)');
    await assertStatus(page, 'Votre compte est créé', /double authentification/);

    // The password alone leads to the second factor, which the role requires.
    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Se connecter$/ }));
    await checkPage(page, '/connexion');
    await login(page, adminEmail, PASSWORD);
    assert.equal(pathOf(page), '/compte/double-authentification');
    await checkPage(page, '/compte/double-authentification');
    assert.equal(await headerLinks(page), "Le métier Offres d'emploi Se déconnecter",
      'half signed in: the header offers to log out, not to log in');
    await page.goto('/admin/utilisateurs');
    assert.equal(pathOf(page), '/compte/double-authentification', 'no admin page before the second factor');

    // The key is shown as text next to the QR code; a wrong code is refused, the right one
    // (computed as an authenticator app does) turns the second factor on.
    const qr = page.locator('main .qr');
    assert.equal(await qr.getAttribute('role'), 'img');
    assert.match(await qr.getAttribute('aria-label'), /Code QR/);
    assert.equal(await qr.locator('svg').count(), 1);
    const secret = (await page.locator('main code').innerText()).replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/, 'a 160-bit base32 key');
    assert.equal(await page.locator('#champ-code').getAttribute('autocomplete'), 'one-time-code');

    const wrong = String((Number(totp(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    assert.ok(!acceptedNow(secret).includes(wrong));
    await pointer.fill(page, '#champ-code', wrong);
    assert.equal((await navigate(page, () => pointer.submit(page))).status(), 422);
    await checkPage(page, '/compte/double-authentification (erreur)');
    await assertFormErrors(page, { code: /^Ce code ne correspond pas/ });
    assert.equal((await page.locator('main code').innerText()).replace(/\s+/g, ''), secret, 'the same key is kept');

    await pointer.fill(page, '#champ-code', totp(secret));
    assert.equal((await navigate(page, () => pointer.submit(page))).status(), 200);
    await checkPage(page, 'codes de secours');
    await assertStatus(page, 'Vos codes de secours', /double authentification est active/);
    const codes = await page.locator('main ul.codes li').allInnerTexts();
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);

    // The account, then the administration pages.
    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Continuer vers mon espace$/ }));
    assert.equal(pathOf(page), '/espace');
    await checkPage(page, '/espace (admin)');
    assert.match(await page.locator('header nav').innerText(), /Mon espace.*Comptes.*Journal/s);
    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Mon compte/ }));
    assert.equal(pathOf(page), '/compte');
    await checkPage(page, '/compte (admin)');
    assert.match(await page.locator('main dl.facts').innerText(), /Double authentification\s+active/);
    assert.equal(await page.locator('#session').isVisible(), false,
      'a fresh session shows no warning: it comes five minutes before the end');

    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Utilisateurs$/ }));
    assert.equal(pathOf(page), '/admin/utilisateurs');
    await checkPage(page, '/admin/utilisateurs');
    await checkNarrow(page, '/admin/utilisateurs');
    const users = await page.locator('main table tbody tr').allInnerTexts();
    assert.ok(users.some((row) => row.includes(adminEmail) && row.includes('Administration technique') && /\bactive\b/.test(row)),
      `the admin is listed with the second factor active:\n${users.join('\n')}`);

    // Invite a recruiter: forgetting the establishment is an error that keeps the rest.
    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Inviter une personne$/ }));
    assert.equal(pathOf(page), '/admin/invitations');
    await checkPage(page, '/admin/invitations');
    await pointer.fill(page, '#champ-email', recruiterEmail);
    await page.locator('#champ-role').selectOption('recruiter');
    assert.equal((await navigate(page, () => pointer.submit(page))).status(), 422);
    await checkPage(page, '/admin/invitations (erreur)');
    await assertFormErrors(page, { etablissements: /^Cochez au moins un établissement\.$/ });
    assert.equal(await page.locator('#champ-email').inputValue(), recruiterEmail);
    assert.equal(await page.locator('#champ-role').inputValue(), 'recruiter');

    // From the error's link, the keyboard lands in the group and ticks the first box.
    await page.locator('main .error-summary a').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'champ-etablissements');
    await page.keyboard.press('Space');
    assert.ok(await page.locator('#champ-etablissements').isChecked());
    const before = outboxSnapshot();
    assert.equal((await navigate(page, () => pointer.submit(page))).status(), 200);
    await checkPage(page, '/admin/invitations (envoyée)');
    await assertStatus(page, 'Invitation envoyée', new RegExp(`valable 7 jours a été envoyée à ${recruiterEmail.replace(/[.]/g, '\\.')}`));

    // The recruiter's message leads to an invitation with the role it grants.
    const mail = await waitForMail({ to: recruiterEmail, subject: /^Invitation sur la plateforme/, after: before });
    const recruiterPage = await newPage(browser);
    try {
      assert.equal((await recruiterPage.goto(linkIn(mail, '/invitation'))).status(), 200);
      await checkPage(recruiterPage, '/invitation (recruteur)');
      assert.match(await recruiterPage.locator('main').innerText(), /« Recruteur \(établissement\) »/);
    } finally {
      await recruiterPage.context().close();
    }

    // The audit log shows what happened, and filters by action.
    await page.goto('/compte');
    await checkPage(page, '/compte (admin)');
    await navigate(page, () => pointer.activate(page, { selector: 'main a', text: /^Journal d'audit$/ }));
    assert.equal(pathOf(page), '/admin/journal');
    await checkPage(page, '/admin/journal');
    await checkNarrow(page, '/admin/journal');
    await tabTo(page, 'main .table-scroll'); // the table scrolls: the keyboard can reach it, visibly
    const rows = await auditRows(page);
    const has = (what, predicate) => assert.ok(rows.some(predicate), `the log shows ${what}:\n${rows.map((r) => Object.values(r).join(' | ')).join('\n')}`);
    has('the invitation by the command line', (r) => r.action === 'Invitation envoyée' && r.target.includes(adminEmail));
    has('the admin account created', (r) => r.action === 'Compte créé' && r.actor === adminEmail
      && r.detail === 'sur invitation en ligne de commande ; rôle admin');
    has('the second factor turned on', (r) => r.action === 'Double authentification activée' && r.actor === adminEmail);
    has('the recruiter invited by the admin', (r) => r.action === 'Invitation envoyée' && r.actor === adminEmail
      && r.target.includes(recruiterEmail) && /^rôle recruiter ; établissement \d+$/.test(r.detail));
    for (const r of rows) assert.doesNotMatch(r.detail, /None|Some\(|\[\(|\{/, 'details are written for people, not debug output');

    await page.locator('#champ-action').selectOption({ label: 'Invitation envoyée' });
    await navigate(page, () => pointer.activate(page, { selector: 'main form button', text: /^Filtrer$/ }));
    assert.equal(new URL(page.url()).searchParams.get('action'), 'invitation_creee');
    await checkPage(page, '/admin/journal?action=invitation_creee');
    assert.equal(await page.locator('#champ-action').inputValue(), 'invitation_creee', 'the filter is kept');
    const filtered = await auditRows(page);
    assert.ok(filtered.length >= 2, 'both invitations');
    assert.ok(filtered.every((r) => r.action === 'Invitation envoyée'), 'only invitations');
    assert.ok(filtered.every((r) => !/\d{4}-\d\d-\d\dT|UTC/.test(r.at)), 'dates in French, Paris time');

    // Five minutes before the idle limit, a warning lets the admin stay without losing a form.
    // The page's clock is Playwright's, fast-forwarded: nobody waits 25 minutes.
    const tab = await page.context().newPage();
    try {
      await tab.clock.install();
      await tab.goto('/admin/invitations');
      await tab.locator('#champ-email').fill(recruiterEmail);
      await tab.clock.fastForward('25:01');
      const warning = tab.locator('#session [role=alert]');
      await warning.waitFor();
      assert.match(await warning.innerText(), /Votre session va se fermer dans 5 minutes/);
      assert.equal(await tab.evaluate(() => document.activeElement.textContent), 'Rester connecté·e', 'the button has the focus');
      await assertFocusVisible(await tab.evaluateHandle(() => document.activeElement));
      await checkA11y(tab, '/admin/invitations (avertissement de session)');
      const extended = tab.waitForResponse((r) => new URL(r.url()).pathname === '/session/prolonger');
      await tab.keyboard.press('Enter');
      assert.equal((await extended).status(), 303);
      await warning.waitFor({ state: 'detached' });
      assert.equal(await tab.locator('#champ-email').inputValue(), recruiterEmail, 'the form keeps what was typed');
    } finally {
      await tab.close();
    }

    // Next login: password, then a recovery code, which works once; then the app's code.
    await navigate(page, () => pointer.activate(page, { selector: 'header button', text: /^Se déconnecter$/ }));
    await checkPage(page, '/deconnexion (admin)');
    await page.goto('/connexion');
    await checkPage(page, '/connexion');
    await login(page, adminEmail, PASSWORD);
    assert.equal(pathOf(page), '/connexion/code');
    await checkPage(page, '/connexion/code');
    assert.equal(await headerLinks(page), "Le métier Offres d'emploi Se déconnecter");
    await pointer.fill(page, '#champ-code', codes[0]);
    await navigate(page, () => pointer.submit(page));
    assert.equal(pathOf(page), '/espace');
    await checkPage(page, '/espace (code de secours)');

    await navigate(page, () => pointer.activate(page, { selector: 'header button', text: /^Se déconnecter$/ }));
    await page.goto('/connexion');
    await login(page, adminEmail, PASSWORD);
    await pointer.fill(page, '#champ-code', codes[0]);
    assert.equal((await navigate(page, () => pointer.submit(page))).status(), 422);
    await checkPage(page, '/connexion/code (erreur)');
    await assertFormErrors(page, { code: /^Ce code n'est pas valide ou a déjà servi/ });
    // The code of the current step was spent at enrolment (each works once): this is the code
    // of an app whose clock is 30 s ahead, which the server accepts.
    await pointer.fill(page, '#champ-code', totp(secret, Date.now() / 1000 + 30));
    await navigate(page, () => pointer.submit(page));
    assert.equal(pathOf(page), '/espace');
    await checkPage(page, '/espace (code de l\'application)');
  } finally {
    await page.context().close();
  }
});
