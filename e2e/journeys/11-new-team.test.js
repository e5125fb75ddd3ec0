'use strict';
// Journey 11 (a door for new teams): a team that is not on the platform asks, from the public
// page linked on the home page, to create an MSP post; a wrong SIRET and a missing team come
// back with their messages and what was typed; the contact confirms the address with the link
// mailed to it; the CCOMS coordinator finds the request from their home, accepts it by creating
// the establishment, and the contact receives the invitation to open the recruiter's account.
// Every page gets the accessibility check (lib/pages.js, checkPage).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const {
  pathOf, checkPage, navigate, pointer, assertFormErrors, assertStatus, click,
} = require('../lib/pages');
const {
  RUN, PASSWORD, outboxSnapshot, waitForMail, linkIn, inviteWithCli, staffFromInvitation,
} = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a new team asks for a post, confirms its address, and the CCOMS accepts it', { timeout: 240_000 }, async () => {
  const contactEmail = `cadre-${RUN}@e2e.test`;
  const coordinatorEmail = `ccoms11-${RUN}@e2e.test`;
  const establishment = `EPSM Porte ${RUN}`;
  const coordinator = await staffFromInvitation(browser, inviteWithCli({ role: 'coordinator', email: coordinatorEmail }),
    { name: 'Camille Coordinatrice', email: coordinatorEmail, password: PASSWORD });
  const team = await newPage(browser);
  try {
    // The door, from the home page; the contact page from the footer.
    await team.goto('/');
    await click(team, 'footer a', /^Contacter la coordination du programme$/);
    assert.equal(pathOf(team), '/contact');
    await checkPage(team, '/contact');
    await team.goto('/');
    await click(team, 'main a', /^Créer un poste de MSP dans mon équipe$/);
    assert.equal(pathOf(team), '/creer-un-poste');
    await checkPage(team, '/creer-un-poste');

    await pointer.fill(team, '#champ-etablissement', establishment);
    await pointer.fill(team, '#champ-siret', '267 500 452 00010');
    await pointer.fill(team, '#champ-commune', 'Sotteville-lès-Rouen (76300)');
    await pointer.fill(team, '#champ-nom', 'Dominique Cadre');
    await pointer.fill(team, '#champ-fonction', 'Cadre de santé');
    await pointer.fill(team, '#champ-email', contactEmail);
    await pointer.fill(team, '#champ-projet', "L'équipe mobile veut accueillir un médiateur de santé-pair.");
    assert.equal((await navigate(team, () => pointer.submit(team))).status(), 422);
    await checkPage(team, '/creer-un-poste (erreur)');
    await assertFormErrors(team, {
      siret: /^Ce numéro SIRET n'existe pas/,
      equipe: /^Indiquez l'équipe ou l'unité\.$/,
    });
    assert.equal(await team.locator('#champ-etablissement').inputValue(), establishment, 'what was typed is kept');

    await pointer.fill(team, '#champ-siret', '');
    await pointer.fill(team, '#champ-equipe', 'Équipe mobile de réhabilitation');
    const before = outboxSnapshot();
    assert.equal((await navigate(team, () => pointer.submit(team))).status(), 200);
    await checkPage(team, '/creer-un-poste (envoyée)');
    await assertStatus(team, 'Vérifiez votre boîte mail', new RegExp(contactEmail.replace(/[.]/g, '\\.')));

    // The link mailed to the contact opens a page whose button confirms the request.
    const mail = await waitForMail({ to: contactEmail, subject: /^Confirmez votre demande de création de poste/, after: before });
    assert.equal((await team.goto(linkIn(mail, '/creer-un-poste/confirmation'))).status(), 200);
    await checkPage(team, '/creer-un-poste/confirmation');
    await click(team, 'main button', /^Confirmer ma demande$/);
    await checkPage(team, '/creer-un-poste/confirmation (confirmée)');
    await assertStatus(team, 'Demande confirmée', /La coordination du programme \(CCOMS\) a reçu votre demande/);

    // The coordinator finds it from their home and accepts it, creating the establishment.
    await coordinator.goto('/espace');
    await click(coordinator, 'main a', /^Demandes de création de poste$/);
    assert.equal(pathOf(coordinator), '/demandes-de-poste');
    await checkPage(coordinator, '/demandes-de-poste');
    await click(coordinator, 'main table a', new RegExp(establishment));
    assert.match(pathOf(coordinator), /^\/demandes-de-poste\/\d+$/);
    await checkPage(coordinator, '/demandes-de-poste/N');
    await coordinator.locator('main input[name=etablissement][value=nouveau]').check();
    const invited = outboxSnapshot();
    assert.equal((await navigate(coordinator, () => pointer.activate(coordinator,
      { selector: 'main button', text: /^Accepter et inviter le contact$/ }))).status(), 422);
    await checkPage(coordinator, '/demandes-de-poste/N (erreur)');
    await assertFormErrors(coordinator, { statut: /^Choisissez si le nouvel établissement est public ou privé\.$/ });
    await coordinator.locator('main input[name=etablissement][value=nouveau]').check();
    await coordinator.locator('#champ-statut').check();
    await click(coordinator, 'main button', /^Accepter et inviter le contact$/);
    await checkPage(coordinator, '/demandes-de-poste/N (acceptée)');
    assert.match(await coordinator.locator('main').innerText(), new RegExp(`Demande acceptée le .* pour l'établissement ${establishment}`));

    const invitation = await waitForMail({ to: contactEmail, subject: /^Invitation sur la plateforme/, after: invited });
    assert.equal((await team.goto(linkIn(invitation, '/invitation'))).status(), 200);
    await checkPage(team, '/invitation (équipe nouvelle)');
    assert.match(await team.locator('main').innerText(), /« Recruteur \(établissement\) »/);
  } finally {
    await team.context().close();
    await coordinator.context().close();
  }
});
