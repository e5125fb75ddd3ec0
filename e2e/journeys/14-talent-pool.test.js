'use strict';
// Journey 14 (talent pool): a candidate with an account joins the programme's pool from their
// home, with the pool's own consent (refused without it, what was typed kept), and chooses
// what they show; a recruiter finds them by region and training from their home, reads the
// profile (no account name, no address) and invites them to apply to an open offer of their
// establishment; the candidate hears of it by mail (no secret, nothing of the recruiter),
// sees it on their home and their pool page, declines it, then leaves the pool, which the
// recruiter's search no longer shows. Every page gets the accessibility check.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, navigate, pointer, assertFormErrors, assertStatus, click } = require('../lib/pages');
const {
  RUN, PASSWORD, login, signUpCandidate, inviteWithCli, staffFromInvitation, waitForMail, outboxSnapshot,
} = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a candidate joins the pool, a recruiter finds and invites them, the candidate answers and leaves',
  { timeout: 300_000 }, async () => {
    const email = `vivier14-${RUN}@e2e.test`;
    const accountName = `Vivienne Compte ${RUN}`;
    const shown = `Vivi ${RUN}`;
    await signUpCandidate(browser, { name: accountName, email, password: PASSWORD });
    const candidate = await newPage(browser);
    const recruiterEmail = `recruteur14-${RUN}@e2e.test`;
    let recruiter;
    try {
      await candidate.goto('/connexion');
      await login(candidate, email, PASSWORD);
      assert.equal(pathOf(candidate), '/espace');
      await click(candidate, 'main a', /^Le vivier du programme$/);
      assert.equal(pathOf(candidate), '/compte/vivier');
      await checkPage(candidate, '/compte/vivier (avant)');
      assert.match(await candidate.locator('main').innerText(), /Comment partir/);

      // Without the consent ticked: refused, the profile typed kept.
      await pointer.fill(candidate, '#champ-nom', shown);
      await candidate.getByLabel('Île-de-France', { exact: true }).check();
      await candidate.getByLabel('Licence de Bobigny (Université Sorbonne Paris Nord)').check();
      await pointer.fill(candidate, '#champ-presentation', "J'aimerais travailler en équipe mobile.");
      await click(candidate, 'main form button[type=submit]', /^Rejoindre le vivier$/);
      await assertFormErrors(candidate, { consentement: /Cochez la case/ });
      await checkPage(candidate, '/compte/vivier (consentement manquant)');
      assert.equal(await candidate.locator('#champ-nom').inputValue(), shown);
      await candidate.locator('#champ-consentement').check();
      await click(candidate, 'main form button[type=submit]', /^Rejoindre le vivier$/);
      await assertStatus(candidate, 'Le vivier du programme', /Vous êtes dans le vivier/);
      await checkPage(candidate, '/compte/vivier (membre)');

      // A recruiter of the demo establishment n° 1, which has an open offer, searches and invites.
      recruiter = await staffFromInvitation(browser,
        inviteWithCli({ role: 'recruiter', email: recruiterEmail, scopes: ['establishment:1'] }),
        { name: `Rémi Recruteur ${RUN}`, email: recruiterEmail, password: PASSWORD });
      await click(recruiter, 'header a', /^Mon espace$/);
      await click(recruiter, 'main a', /^Vivier$/);
      assert.equal(pathOf(recruiter), '/vivier');
      await checkPage(recruiter, '/vivier');
      await recruiter.locator('#champ-region').selectOption('11');
      await recruiter.locator('#champ-formation').selectOption('bobigny');
      await click(recruiter, 'main form button[type=submit]', /^Rechercher$/);
      await checkPage(recruiter, '/vivier?region=11&formation=bobigny');
      const list = await recruiter.locator('main').innerText();
      assert.ok(!list.includes(accountName) && !list.includes(email), 'neither the account name nor the address');
      await click(recruiter, 'main ul.cards a', new RegExp(`^${shown}$`));
      assert.match(pathOf(recruiter), /^\/vivier\/\d+$/);
      await checkPage(recruiter, '/vivier/{id}');
      assert.match(await recruiter.locator('main').innerText(), /équipe mobile/);
      const offer = (await recruiter.locator('#champ-offre option').first().innerText()).replace(/ \(.*\)$/, '');
      const sent = outboxSnapshot();
      await click(recruiter, 'main form button[type=submit]', /^Envoyer l'invitation$/);
      await assertStatus(recruiter, shown, /Invitation envoyée/);
      await checkPage(recruiter, '/vivier/{id} (invitation envoyée)');
      assert.match(await recruiter.locator('main').innerText(), /Envoyée/);

      // The candidate hears of it, by mail and on their home, and declines.
      const mail = await waitForMail({ to: email, subject: /^Invitation à postuler/, after: sent });
      assert.ok(mail.text.includes('/compte/vivier') && !mail.text.includes(recruiterEmail) && !/jeton=/.test(mail.text),
        'a link to the pool page, nothing of the recruiter, no secret');
      await click(candidate, 'header a', /^Mon espace$/);
      await checkPage(candidate, '/espace (invitation)');
      await click(candidate, 'main a', /invitation à postuler/);
      assert.equal(pathOf(candidate), '/compte/vivier');
      const invitation = candidate.locator('main ul.cards li', { hasText: offer });
      assert.equal(await invitation.count(), 1, `the invitation to ${offer}`);
      await navigate(candidate, () => invitation.locator('button', { hasText: /^Pas intéressé·e/ }).click());
      await assertStatus(candidate, 'Le vivier du programme', /Votre réponse est enregistrée/);
      await checkPage(candidate, '/compte/vivier (réponse)');
      await recruiter.reload();
      assert.match(await recruiter.locator('main').innerText(), /Déclinée/);

      // Leaving: at once, the recruiter's search shows them no more.
      await click(candidate, 'main form button', /^Quitter le vivier$/);
      await assertStatus(candidate, 'Le vivier du programme', /Vous avez quitté le vivier/);
      await checkPage(candidate, '/compte/vivier (quitté)');
      await recruiter.goto('/vivier');
      assert.equal(await recruiter.locator('main ul.cards a', { hasText: shown }).count(), 0);
    } finally {
      await candidate.context().close();
      await recruiter?.context().close();
    }
  });
