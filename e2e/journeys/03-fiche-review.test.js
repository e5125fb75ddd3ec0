'use strict';
// Journey 3 (fiche review): an admin invites a recruiter and a CCOMS coordinator; the recruiter
// opens a project, takes it to the CCOMS's accompaniment, writes the fiche in the six-step
// editor (one step with the keyboard alone, one refused for an invalid date; the template's
// suggestions confirmed with their boxes "J'ai vérifié ce champ"), previews it and
// submits it, first refused by the checks of the FAQ; the coordinator comments the missions
// and asks for a correction; the recruiter corrects and submits again; the coordinator compares
// the two versions and publishes; the offer is then on the public board.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, navigate, keyboard, pointer, assertFormErrors, assertStatus, click, keyPage } = require('../lib/pages');
const {
  RUN, PASSWORD, outboxSnapshot, waitForMail, linkIn, inviteWithCli, staffFromInvitation: staffFromInvitationIn,
  signUpCandidate, login,
} = require('../lib/accounts');

const fixture = (name) => path.join(__dirname, '..', '..', 'tests', 'fixtures', name);

const UNIT = `Centre de réhabilitation ${RUN}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An ISO date `days` from today, as the editor shows and reads it.
function inDays(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// Staff accept their invitation and enrol the second factor (lib/accounts.js).
const staffFromInvitation = (link, name, email) =>
  staffFromInvitationIn(browser, link, { name, email, password: PASSWORD });

// The admin invites one person from /admin/invitations; returns the mailed link and, for a
// recruiter, the establishment ticked (the first of the list).
async function invite(admin, { email, role }) {
  await admin.goto('/admin/invitations');
  await checkPage(admin, `/admin/invitations (${role})`);
  await pointer.fill(admin, '#champ-email', email);
  await admin.locator('#champ-role').selectOption(role);
  let establishment;
  if (role === 'recruiter') {
    await admin.locator('#champ-etablissements').check();
    establishment = (await admin.locator('label[for="champ-etablissements"]').innerText()).trim();
  }
  const before = outboxSnapshot();
  await navigate(admin, () => pointer.submit(admin));
  await assertStatus(admin, 'Invitation envoyée', /valable 7 jours/);
  const mail = await waitForMail({ to: email, subject: /^Invitation sur la plateforme/, after: before });
  return { link: linkIn(mail, '/invitation'), establishment };
}

async function facts(page) {
  return page.locator('main dl.facts').first().innerText();
}

// Saves the editor's step with one of its three buttons.
async function saveStep(page, button) {
  return navigate(page, () => pointer.activate(page, { selector: 'main form button', text: button }));
}

test('a recruiter writes a fiche, the CCOMS asks for a correction, then publishes it', { timeout: 600_000 }, async () => {
  // --- The team ----------------------------------------------------------------------------
  const adminEmail = `admin3-${RUN}@e2e.test`;
  const recruiterEmail = `recruteur3-${RUN}@e2e.test`;
  const coordinatorEmail = `ccoms3-${RUN}@e2e.test`;
  const admin = await staffFromInvitation(inviteWithCli({ role: 'admin', email: adminEmail }), 'Dominique Admin', adminEmail);
  const toRecruiter = await invite(admin, { email: recruiterEmail, role: 'recruiter' });
  const toCoordinator = await invite(admin, { email: coordinatorEmail, role: 'coordinator' });
  await admin.context().close();
  const establishment = toRecruiter.establishment;
  const recruiter = await staffFromInvitation(toRecruiter.link, 'Rose Recruteuse', recruiterEmail);
  const coordinator = await staffFromInvitation(toCoordinator.link, 'Camille Coordinatrice', coordinatorEmail);

  try {
    // --- The recruiter opens a project and takes it to the CCOMS's accompaniment ------------
    await recruiter.goto('/projets');
    await keyPage(recruiter, '/projets (recruteur)', '03-projets-recruteur');
    await click(recruiter, 'main a', /^Ouvrir un projet de poste$/);
    assert.equal(pathOf(recruiter), '/projets/nouveau');
    await keyPage(recruiter, '/projets/nouveau', '03-projet-nouveau');
    assert.equal(await recruiter.locator('#champ-etablissement option:checked').innerText(), establishment);
    await pointer.fill(recruiter, '#champ-unit', UNIT);
    await pointer.fill(recruiter, '#champ-public_served', 'Adultes présentant des troubles psychotiques');
    await recruiter.getByLabel('Mi-temps', { exact: true }).check();
    await recruiter.getByLabel('Bordeaux (Université de Bordeaux)').check();
    await pointer.fill(recruiter, '#champ-why_now', 'Le projet de service mise sur le rétablissement.');
    await pointer.fill(recruiter, '#champ-team_wants', "Oui, toute l'équipe en a parlé en réunion.");
    await click(recruiter, 'main form button', /^Ouvrir le projet$/);
    assert.match(pathOf(recruiter), /^\/projets\/\d+$/);
    const project = pathOf(recruiter);
    await keyPage(recruiter, project, '03-projet');
    assert.match(await facts(recruiter), /Étape\s+Exploration/);
    assert.match(await recruiter.locator('main').innerText(), /Le projet de service mise sur le rétablissement\./);

    // The stage follows what happens: nobody moves it by hand.
    assert.equal(await recruiter.locator('text=Enregistrer l\'étape').count(), 0);

    // --- The fiche starts from the template ----------------------------------------------------
    await click(recruiter, 'main form button', /^Commencer la fiche de poste à partir du modèle$/);
    assert.match(pathOf(recruiter), /^\/fiches\/\d+\/modifier$/);
    const fiche = pathOf(recruiter).replace(/\/modifier$/, '');
    const title = await recruiter.locator('#champ-title').inputValue();
    assert.match(title, /Médiateur ou médiatrice de santé-pair/, 'the template names the post');
    await keyPage(recruiter, `${fiche}/modifier?etape=1`, '03-editeur-etape-1');
    assert.equal(await recruiter.locator('h1').innerText(), 'Modifier la fiche : Le poste');
    assert.equal(await recruiter.locator('main nav [aria-current=step]').innerText(), 'Le poste');

    // Step 1 with the keyboard alone: forward to the index, back to the title (Shift+Tab),
    // Space on a checkbox, Space on the button; every stop shows the focus.
    await keyboard.fill(recruiter, '#champ-pay_index', '366');
    await keyboard.fill(recruiter, '#champ-title', `${title} – ${RUN}`);
    await keyboard.focus(recruiter, '#champ-quotite_adaptable');
    await recruiter.keyboard.press('Space');
    assert.ok(await recruiter.locator('#champ-quotite_adaptable').isChecked());
    // The template's grade kept as it is: confirmed with its box (the title and the working
    // time, changed, are confirmed by the change).
    await keyboard.focus(recruiter, '#verifie-grade');
    await recruiter.keyboard.press('Space');
    await keyboard.focus(recruiter, '#champ-corps');
    await recruiter.keyboard.type('Animateurs hospitaliers');
    await navigate(recruiter, () => keyboard.activate(recruiter, { selector: 'main form button', text: /^Enregistrer et continuer$/ }));
    assert.equal(new URL(recruiter.url()).searchParams.get('etape'), '2');
    await checkPage(recruiter, `${fiche}/modifier?etape=2`);
    await assertStatus(recruiter, 'Modifier la fiche : Le service', /^Brouillon enregistré\.$/);

    // Step 2: the service.
    await pointer.fill(recruiter, '#champ-pole', 'Pôle de psychiatrie adulte');
    await pointer.fill(recruiter, '#champ-place', 'Lyon 8e');
    await pointer.fill(recruiter, '#champ-context', 'Le centre accompagne des adultes.\n\nIl travaille avec la cité.');
    await saveStep(recruiter, /^Enregistrer et continuer$/);
    await keyPage(recruiter, `${fiche}/modifier?etape=3`, '03-editeur-etape-3');

    // Step 3: the missions, grouped; the empty group at the end adds one.
    const groups = await recruiter.locator('main fieldset legend').allInnerTexts();
    assert.ok(groups.length >= 2, `the template's groups and an empty one: ${groups}`);
    await pointer.fill(recruiter, '#champ-groupe_titre-1', 'Auprès des personnes');
    await pointer.fill(recruiter, '#champ-missions', 'Soutenir le rétablissement\nAccompagner vers le logement');
    await saveStep(recruiter, /^Enregistrer et continuer$/);
    await checkPage(recruiter, `${fiche}/modifier?etape=4`);
    assert.match(await recruiter.locator('#champ-experientielles').inputValue(), /\S/, 'the template lists experiential skills');
    for (const field of ['techniques', 'experientielles', 'organisationnelles', 'adaptation']) {
      await recruiter.locator(`#verifie-${field}`).check();
    }
    await saveStep(recruiter, /^Enregistrer et continuer$/);

    // Step 5: a diploma the FAQ refuses, kept for now.
    await checkPage(recruiter, `${fiche}/modifier?etape=5`);
    await pointer.fill(recruiter, '#champ-diploma', 'Master de psychologie, Bac+3 au minimum');
    await recruiter.locator('#verifie-training').check();
    await saveStep(recruiter, /^Enregistrer et continuer$/);

    // Step 6: an impossible date is refused next to its field; what was typed is kept.
    await checkPage(recruiter, `${fiche}/modifier?etape=6`);
    await pointer.fill(recruiter, '#champ-how_to_apply', 'Lettre de motivation et CV.');
    await pointer.fill(recruiter, '#champ-apply_email', 'recrutement@e2e.test');
    await pointer.fill(recruiter, '#champ-contact_nom-1', 'Camille Exemple');
    await pointer.fill(recruiter, '#champ-deadline', '2027-02-31');
    assert.equal((await saveStep(recruiter, /^Enregistrer et continuer$/)).status(), 422);
    await keyPage(recruiter, `${fiche}/modifier (date invalide)`, '03-editeur-erreur-date');
    assert.match(await recruiter.title(), /^Erreur – Candidature – Modifier la fiche/);
    await assertFormErrors(recruiter, { deadline: /^Indiquez une date valide entre 2000 et 2100, par exemple 15\/01\/2027 ou 2027-01-15\.$/ });
    assert.equal(await recruiter.locator('#champ-deadline').inputValue(), '2027-02-31', 'the date typed is kept');
    assert.equal(await recruiter.locator('#champ-how_to_apply').inputValue(), 'Lettre de motivation et CV.');
    assert.equal(await recruiter.locator('#champ-contact_nom-1').inputValue(), 'Camille Exemple');
    await recruiter.locator('main .error-summary a').click();
    assert.equal(await recruiter.evaluate(() => document.activeElement.id), 'champ-deadline',
      'the error\'s link moves the focus to its field');
    await recruiter.keyboard.press('Control+A');
    await recruiter.keyboard.type(inDays(30));

    // The preview is the public page, before publication.
    await saveStep(recruiter, /^Enregistrer et voir l'aperçu$/);
    assert.equal(pathOf(recruiter), `${fiche}/apercu`);
    await keyPage(recruiter, `${fiche}/apercu`, '03-apercu');
    assert.match(await recruiter.locator('main [role=status]').innerText(), /^Aperçu : voici la fiche telle qu'elle sera publiée/);
    const preview = await recruiter.locator('main').innerText();
    for (const text of ['Auprès des personnes', 'Accompagner vers le logement', 'Lyon 8e', 'Mi-temps', 'indice majoré 366']) {
      assert.ok(preview.includes(text), `${text} in the preview`);
    }

    // Before submitting: the diploma the FAQ refuses shows as a warning on the fiche. It would not
    // block the submission, but the CCOMS could not publish the offer: the recruiter fixes it.
    await click(recruiter, 'main a', /^Revenir à la fiche$/);
    assert.equal(pathOf(recruiter), fiche);
    await keyPage(recruiter, `${fiche} (avertissement)`, '03-avertissement');
    assert.match(await recruiter.locator('main h2#avertissements + p').innerText(), /ne peut pas être publiée/);
    assert.match(await recruiter.locator('main').innerText(), /« Master de psychologie, Bac\+3 au minimum » exige/);
    await click(recruiter, 'main a', /^Modifier la fiche$/);
    await click(recruiter, 'main nav a', /^Diplôme et formation$/);
    await checkPage(recruiter, `${fiche}/modifier?etape=5`);
    await keyboard.fill(recruiter, '#champ-diploma', 'Bac+2, ou Bac avec une validation des acquis faite une fois recruté·e.');
    await saveStep(recruiter, /^Enregistrer le brouillon$/);
    await assertStatus(recruiter, 'Modifier la fiche : Diplôme et formation', /^Brouillon enregistré\.$/);
    await click(recruiter, 'main a', /^Revenir à la fiche$/);
    assert.equal((await click(recruiter, 'main form button', /^Soumettre au CCOMS$/)).status(), 200);
    assert.equal(pathOf(recruiter), fiche);
    await checkPage(recruiter, `${fiche} (soumise)`);
    assert.match(await facts(recruiter), /État\s+Soumise au CCOMS/);
    assert.match(await recruiter.locator('main').innerText(), /Version 1, soumise le/);
    assert.equal(await recruiter.locator('main a', { hasText: 'Modifier la fiche' }).count(), 0, 'no editing under review');

    // --- The coordinator finds it, comments the missions, asks for a correction ---------------
    await coordinator.goto('/projets');
    await keyPage(coordinator, '/projets (CCOMS)', '03-projets-ccoms');
    const queue = coordinator.locator('main h2', { hasText: 'Fiches soumises au CCOMS' });
    assert.equal(await queue.count(), 1);
    const entry = coordinator.locator(`main ul a[href="${fiche}"]`);
    assert.equal(await entry.count(), 1, 'the fiche is in the queue');
    assert.match(await entry.locator('xpath=..').innerText(), new RegExp(`${RUN} – ${establishment.replace(/[.()]/g, '\\$&')}`));
    await navigate(coordinator, () => entry.click());
    await keyPage(coordinator, `${fiche} (CCOMS)`, '03-fiche-ccoms');
    await coordinator.locator('#champ-section').selectOption({ label: 'Missions' });
    await pointer.fill(coordinator, '#champ-commentaire', 'Précisez le travail avec les familles.');
    await click(coordinator, 'main form button', /^Ajouter le commentaire$/);
    assert.equal(new URL(coordinator.url()).hash, '#commentaires');
    await coordinator.keyboard.press('Tab');
    assert.equal(await coordinator.evaluate(() => document.activeElement.id), 'champ-section',
      'back at the comments: the keyboard goes on to the comment form');
    await coordinator.goto(fiche); // the contract's first Tab, without the fragment
    await checkPage(coordinator, `${fiche} (commentaire)`);
    assert.match(await coordinator.locator('main').innerText(),
      /Missions \(version 1, Camille Coordinatrice\) : Précisez le travail avec les familles\./);
    assert.ok(await coordinator.getByLabel('Demander une correction').isChecked());
    await click(coordinator, 'main form button', /^Enregistrer la décision$/);
    await checkPage(coordinator, `${fiche} (à corriger)`);
    assert.match(await facts(coordinator), /État\s+À corriger/);

    // --- The coordinator records the help on the fiche on the project's page ------------------
    await coordinator.goto(project);
    await checkPage(coordinator, `${project} (CCOMS)`);
    await coordinator.getByLabel('Aide à la fiche de poste').check();
    await pointer.fill(coordinator, '#champ-date', new Date().toISOString().slice(0, 10));
    await pointer.fill(coordinator, '#champ-note', 'Relecture des missions avec le cadre de santé.');
    await click(coordinator, 'main form button', /^Enregistrer la réunion$/);
    assert.equal(pathOf(coordinator), project);
    assert.equal(new URL(coordinator.url()).hash, '#accompagnement');
    await coordinator.goto(project); // the contract's first Tab, without the fragment
    await checkPage(coordinator, `${project} (réunion enregistrée)`);
    assert.match(await coordinator.locator('main').innerText(), /Aide à la fiche de poste\s+le /);
    assert.match(await facts(coordinator), /Étape\s+Fiche de poste en rédaction/);

    // --- The recruiter sees the comment, corrects the missions, submits again -----------------
    await recruiter.reload();
    await checkPage(recruiter, `${fiche} (à corriger)`);
    assert.match(await facts(recruiter), /État\s+À corriger/);
    assert.match(await recruiter.locator('main').innerText(), /Missions \(version 1, Camille Coordinatrice\) : Précisez le travail avec les familles\./);
    await click(recruiter, 'main a', /^Modifier la fiche$/);
    await click(recruiter, 'main nav a', /^Missions$/);
    await checkPage(recruiter, `${fiche}/modifier?etape=3 (correction)`);
    await pointer.fill(recruiter, '#champ-missions',
      'Soutenir le rétablissement\nAccompagner vers le logement\nSoutenir les familles');
    await saveStep(recruiter, /^Enregistrer le brouillon$/);
    await click(recruiter, 'main a', /^Revenir à la fiche$/);
    await click(recruiter, 'main form button', /^Soumettre au CCOMS$/);
    assert.match(await facts(recruiter), /État\s+Soumise au CCOMS/);
    assert.match(await recruiter.locator('main').innerText(), /Version 2, soumise le/);

    // --- The coordinator finds it again in their home's review queue, compares, publishes ----
    await click(coordinator, 'header a', /^Fiches à relire$/);
    assert.equal(pathOf(coordinator), '/espace');
    assert.equal(new URL(coordinator.url()).hash, '#a-relire');
    await coordinator.goto('/espace'); // the contract's first Tab, without the fragment
    await keyPage(coordinator, '/espace (CCOMS)', '03-espace-ccoms');
    const waiting = coordinator.locator(`main a[href="${fiche}"]`);
    assert.equal(await waiting.count(), 1, 'the fiche is in the review queue');
    assert.match(await waiting.locator('xpath=..').innerText(), /Soumise le .*, en attente depuis aujourd'hui/);
    await navigate(coordinator, () => waiting.click());
    assert.equal(pathOf(coordinator), fiche);
    await checkPage(coordinator, `${fiche} (version 2)`);
    assert.equal(await coordinator.locator('#champ-de').inputValue(), '1');
    assert.equal(await coordinator.locator('#champ-a').inputValue(), '2');
    await click(coordinator, 'main form button', /^Comparer$/);
    assert.equal(pathOf(coordinator), `${fiche}/versions`);
    assert.equal(new URL(coordinator.url()).search, '?de=1&a=2');
    await keyPage(coordinator, `${fiche}/versions?de=1&a=2`, '03-versions');
    assert.deepEqual(await coordinator.locator('main section h2').allInnerTexts(), ['Missions'], 'only what changed');
    assert.doesNotMatch(await coordinator.locator('main .before').innerText(), /Soutenir les familles/);
    assert.match(await coordinator.locator('main .after').innerText(), /Soutenir les familles/);

    await click(coordinator, 'main a', /^Revenir à la fiche$/);
    await coordinator.getByLabel("Publier l'offre").check();
    await click(coordinator, 'main form button', /^Enregistrer la décision$/);
    await keyPage(coordinator, `${fiche} (publiée)`, '03-fiche-publiee');
    assert.match(await facts(coordinator), /État\s+Publiée/);
    const address = await coordinator.locator('main dl.facts a').getAttribute('href');
    assert.match(address, /^\/offres\/[\w-]+$/);

    await recruiter.goto(project);
    await checkPage(recruiter, `${project} (publié)`);
    assert.match(await facts(recruiter), /Étape\s+Offre publiée/);

    // --- Anyone finds the offer on the public board -------------------------------------------
    const visitor = await newPage(browser);
    try {
      await visitor.goto('/offres');
      await checkPage(visitor, '/offres');
      const card = visitor.locator(`main a[href="${address}"]`);
      assert.equal(await card.count(), 1, `${address} on the board`);
      await navigate(visitor, () => card.click());
      assert.equal(pathOf(visitor), address);
      await keyPage(visitor, address, '03-offre-publiee');
      const offer = await visitor.locator('main').innerText();
      for (const text of [`${title} – ${RUN}`, establishment, 'Soutenir les familles', 'Lyon 8e']) {
        assert.ok(offer.includes(text), `${text} on the public page`);
      }
    } finally {
      await visitor.context().close();
    }

    // --- A candidate with an account applies; the team reads it, then the candidate -----------
    const email = `candidate3-${RUN}@e2e.test`;
    const applicant = `Lou Candidate ${RUN}`;
    await signUpCandidate(browser, { name: 'Lou', email, password: PASSWORD });
    const candidate = await newPage(browser);
    try {
      await candidate.goto('/connexion');
      await login(candidate, email, PASSWORD);
      await candidate.goto(`${address}/candidater`);
      await pointer.fill(candidate, '#champ-nom', applicant);
      await pointer.fill(candidate, '#champ-telephone', '06 12 34 56 78');
      await pointer.fill(candidate, '#champ-commune', 'Lyon');
      await candidate.locator('#champ-consentement').check();
      await candidate.locator('#champ-cv').setInputFiles(fixture('cv.pdf'));
      await candidate.locator('#champ-lettre').setInputFiles(fixture('lettre.odt'));
      assert.equal((await navigate(candidate, () => pointer.submit(candidate))).status(), 200);
      assert.equal(await candidate.locator('h1').innerText(), 'Candidature envoyée');

      await click(recruiter, 'header a', /^Mon espace$/);
      await keyPage(recruiter, '/espace (recruteur)', '03-espace-recruteur');
      const unread = recruiter.locator(`main #candidatures + ul a[href="${fiche}/candidatures"]`);
      assert.match(await unread.locator('xpath=..').innerText(), /1 candidature reçue à lire/);
      await navigate(recruiter, () => unread.click());
      assert.equal(pathOf(recruiter), `${fiche}/candidatures`);
      await checkPage(recruiter, `${fiche}/candidatures`);
      await click(recruiter, 'main a', new RegExp(`^${applicant}$`));
      assert.match(pathOf(recruiter), /^\/candidatures\/\d+$/);
      await checkPage(recruiter, '/candidatures/{id} (recruteur)');

      await click(candidate, 'header a', /^Mes candidatures$/);
      await checkPage(candidate, '/mes-candidatures');
      await click(candidate, 'main a', new RegExp(`${title} – ${RUN}`));
      assert.match(pathOf(candidate), /^\/mes-candidatures\/\d+$/);
      await checkPage(candidate, '/mes-candidatures/{id}');
    } finally {
      await candidate.context().close();
    }
  } finally {
    await recruiter.context().close();
    await coordinator.context().close();
  }
});
