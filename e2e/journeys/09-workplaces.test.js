'use strict';
// Journey 9 (workplaces): the homes (/espace) as the places where a working day starts.
// A recruiter signs in with the keyboard alone and lands on their home, which shows the
// application a candidate has just sent through the real form; from the home they open it,
// preselect it and schedule an interview, which their home then lists in the coming two weeks.
// A fiche a recruiter submits waits in the CCOMS's home queue "à relire" with its waiting time;
// the coordinator follows it from there (keyboard), comments and publishes it, and the queue
// empties. Every page gets the accessibility check (lib/pages.js, checkPage).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { launch, newPage } = require('../lib/browser');
const { confirmFlagged } = require('../lib/fiches');
const {
  pathOf, checkPage, navigate, keyboard, pointer, assertStatus, click, keyPage,
} = require('../lib/pages');
const {
  RUN, PASSWORD, inviteWithCli, staffFromInvitation: staffFromInvitationIn, totpSecretOf, totp,
} = require('../lib/accounts');

const fixture = (name) => path.join(__dirname, '..', '..', 'tests', 'fixtures', name);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Staff accept their invitation and enrol the second factor (lib/accounts.js); returns their
// page, signed in. The journey's day starts later, with a sign-in of its own.
const enrolStaff = ({ role, email, name, scopes }) =>
  staffFromInvitationIn(browser, inviteWithCli({ role, email, scopes }), { name, email, password: PASSWORD });

// A sign-in with the keyboard alone, from the login page to the home. The code of the current
// step was spent at enrolment (each works once): this is the code of an app 30 s ahead, which
// the server accepts as clock drift.
async function signIn(email) {
  const page = await newPage(browser);
  await page.goto('/connexion');
  await keyboard.fill(page, '#champ-email', email);
  await keyboard.fill(page, '#champ-password', PASSWORD);
  await navigate(page, () => keyboard.submit(page));
  assert.equal(pathOf(page), '/connexion/code');
  await keyboard.fill(page, '#champ-code', totp(totpSecretOf(email), Date.now() / 1000 + 30));
  await navigate(page, () => keyboard.submit(page));
  assert.equal(pathOf(page), '/espace', 'the sign-in lands on the home');
  return page;
}

// A home's line, by the address it links to, in the section with that id: its link and text.
function homeLine(page, section, href) {
  const link = page.locator(`main h2#${section} + ul a[href="${href}"]`);
  return { link, text: () => link.locator('xpath=..').innerText() };
}

// The figure of a home ("3 candidatures à lire") as a number, by the label's start.
async function figure(page, label) {
  const item = page.locator('main ul.figures li').filter({ hasText: label });
  assert.equal(await item.count(), 1, `the figure "${label}"`);
  return Number(await item.locator('strong').innerText());
}

// A day `days` from today in Paris: as the forms take it (15/01/2027) and as pages write it.
function parisDay(days) {
  const at = new Date(Date.now() + days * 86_400_000);
  const part = (options) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options }).format(at);
  const typed = part({ day: '2-digit', month: '2-digit', year: 'numeric' });
  const written = part({ day: 'numeric', month: 'long', year: 'numeric' }).replace(/^1 /, '1er ');
  return { typed, written };
}

// An ISO date `days` from today, as the fiche editor reads it.
const isoIn = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// A recruiter opens a project with the CCOMS from their home and starts its fiche from the
// template: the fiche's address, the editor open at its first step.
async function startDraft(recruiter, unit) {
  await click(recruiter, 'main a', /^Ouvrir un projet de poste$/);
  assert.equal(pathOf(recruiter), '/projets/nouveau');
  await checkPage(recruiter, '/projets/nouveau');
  await pointer.fill(recruiter, '#champ-unit', unit);
  await pointer.fill(recruiter, '#champ-public_served', 'Adultes présentant des troubles psychotiques');
  await recruiter.getByLabel('Mi-temps', { exact: true }).check();
  await recruiter.getByLabel('Bobigny (Université Sorbonne Paris Nord)').check();
  await click(recruiter, 'main form button', /^Ouvrir le projet$/);
  assert.match(pathOf(recruiter), /^\/projets\/\d+$/);
  await checkPage(recruiter, '/projets/{id}');
  await click(recruiter, 'main form button', /^Commencer la fiche de poste à partir du modèle$/);
  assert.match(pathOf(recruiter), /^\/fiches\/\d+\/modifier$/);
  return pathOf(recruiter).replace(/\/modifier$/, '');
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a recruiter works from their home: a new application, a stage, an interview', { timeout: 300_000 }, async () => {
  const email = `recruteur9-${RUN}@e2e.test`;
  const name = `Rémi Recruteur ${RUN}`;
  // Once enrolled, a published offer of the recruiter's establishment, as their home lists it.
  let recruiter = await enrolStaff({ role: 'recruiter', email, name, scopes: ['establishment:1'] });
  await click(recruiter, 'header a', /^Mon espace$/);
  const open = recruiter.locator('main h2#fiches + ul li').filter({ hasText: /Publiée : (plus que|dernier jour)/ }).first();
  assert.equal(await open.count(), 1, 'the demo establishment n° 1 has an offer open to applications');
  const fiche = await open.locator('a').getAttribute('href');
  assert.match(fiche, /^\/fiches\/\d+$/);
  await navigate(recruiter, () => open.locator('a').click());
  await checkPage(recruiter, `${fiche} (recruteur)`);
  const offer = await recruiter.locator('main dl.facts a', { hasText: "Voir l'offre publiée" }).getAttribute('href');
  assert.match(offer, /^\/offres\/[\w-]+$/);
  await recruiter.context().close();
  const before = { unread: 0, interviews: 0 };

  // A candidate applies through the real form, without an account (journey 6 checks the form).
  const applicant = `Sacha Candidat ${RUN}`;
  const candidate = await newPage(browser);
  try {
    assert.equal((await candidate.goto(`${offer}/candidater`)).status(), 200);
    await checkPage(candidate, `${offer}/candidater`);
    await pointer.fill(candidate, '#champ-nom', applicant);
    await pointer.fill(candidate, '#champ-email', `candidat9-${RUN}@e2e.test`);
    await pointer.fill(candidate, '#champ-telephone', '06 12 34 56 78');
    await pointer.fill(candidate, '#champ-commune', 'Strasbourg');
    await candidate.locator('#champ-consentement').check();
    await candidate.locator('#champ-cv').setInputFiles(fixture('cv.pdf'));
    await candidate.locator('#champ-lettre').setInputFiles(fixture('lettre.odt'));
    assert.equal((await navigate(candidate, () => pointer.submit(candidate))).status(), 200);
    assert.equal(await candidate.locator('h1').innerText(), 'Candidature envoyée');
    await checkPage(candidate, 'candidature envoyée');
  } finally {
    await candidate.context().close();
  }

  // The next morning: sign in, the home shows the application waiting to be read.
  recruiter = await signIn(email);
  try {
    await keyPage(recruiter, '/espace (recruteur)', '09-espace-recruteur');
    before.unread = await figure(recruiter, 'à lire');
    before.interviews = await figure(recruiter, 'à venir');
    assert.ok(before.unread >= 1, 'at least the new application to read');
    const received = homeLine(recruiter, 'candidatures', `${fiche}/candidatures`);
    assert.match(await received.text(), /\d+ candidatures? reçues? à lire/);
    await navigate(recruiter, () => received.link.click());
    assert.equal(pathOf(recruiter), `${fiche}/candidatures`);
    await keyPage(recruiter, `${fiche}/candidatures`, '09-pipeline');
    const column = recruiter.locator('main section.pipeline-column', { has: recruiter.locator('h2', { hasText: 'Reçue' }) });
    assert.equal(await column.locator('a', { hasText: applicant }).count(), 1, 'the application waits in "Reçue"');
    await click(recruiter, 'main a', new RegExp(`^${escape(applicant)}$`));
    assert.match(pathOf(recruiter), /^\/candidatures\/\d+$/);
    const application = pathOf(recruiter);
    await keyPage(recruiter, '/candidatures/{id} (reçue)', '09-candidature-recue');
    const state = () => recruiter.locator('main dl.facts div', { has: recruiter.locator('dt', { hasText: 'État' }) }).locator('dd').innerText();
    assert.equal((await state()).trim(), 'Reçue');

    // The next stage: preselected, its message sent to the candidate.
    await recruiter.locator('main details.move summary', { hasText: /Présélectionnée/ }).click();
    await click(recruiter, 'main details.move button', /^Passer à « Présélectionnée » et envoyer$/);
    assert.equal(pathOf(recruiter), application);
    await keyPage(recruiter, '/candidatures/{id} (présélectionnée)', '09-candidature-preselectionnee');
    assert.equal((await state()).trim(), 'Présélectionnée');

    // An interview in three days at 14:30, the recruiter on the jury.
    const day = parisDay(3);
    await pointer.fill(recruiter, '#champ-date', day.typed);
    await pointer.fill(recruiter, '#champ-heure', '14:30');
    await pointer.fill(recruiter, '#champ-duree', '45');
    await pointer.fill(recruiter, '#champ-lieu', 'Salle des familles, bâtiment B');
    await recruiter.getByLabel(name, { exact: true }).check();
    await click(recruiter, 'main form button', /^Prévoir l'entretien et envoyer les invitations$/);
    assert.equal(pathOf(recruiter), application);
    assert.equal(new URL(recruiter.url()).hash, '#entretiens', 'back at the interviews');
    await recruiter.goto(application); // the contract's first Tab, without the fragment
    await keyPage(recruiter, '/candidatures/{id} (entretien prévu)', '09-candidature-entretien');
    assert.equal((await state()).trim(), 'Entretien');
    const when = `${day.written} à 14 h 30`;
    assert.ok((await recruiter.locator('main section.interview h3').allInnerTexts()).some((h) => h.includes(when)),
      `the interview of ${when} on the application`);

    // Back home: the interview is in the coming two weeks, the application no longer to read.
    await click(recruiter, 'header a', /^Mon espace$/);
    assert.equal(pathOf(recruiter), '/espace');
    await keyPage(recruiter, '/espace (recruteur, entretien prévu)', '09-espace-recruteur-apres');
    assert.equal(await figure(recruiter, 'à venir'), before.interviews + 1, 'one more interview to come');
    assert.equal(await figure(recruiter, 'à lire'), before.unread - 1, 'one application fewer to read');
    const coming = recruiter.locator(`main h2#entretiens + ul a[href="${fiche}/candidatures"]`);
    const lines = await coming.evaluateAll((as) => as.map((a) => a.parentElement.innerText));
    assert.ok(lines.some((line) => line.includes(when)), `the interview of ${when} on the home:\n${lines.join('\n')}`);
    assert.doesNotMatch(await recruiter.locator('main').innerText(), new RegExp(escape(applicant)),
      'the home never names the candidate');

    // What the platform mails them, and when: new applications in the day's digest.
    await click(recruiter, 'header a', /^Mon compte/);
    await click(recruiter, 'main a', /^Mes notifications par e-mail$/);
    await keyPage(recruiter, '/compte/notifications', '09-notifications');
    // Tab reaches a radio group on its checked choice ("Tout de suite"); an arrow moves it.
    await keyboard.focus(recruiter, '#champ-candidature_recue');
    await recruiter.keyboard.press('ArrowDown');
    await navigate(recruiter, () => keyboard.activate(recruiter, { selector: 'main form button[type=submit]', text: /^Enregistrer mes choix$/ }));
    await assertStatus(recruiter, 'Mes notifications', /Vos choix sont enregistrés/);
    assert.ok(await recruiter.locator('#candidature_recue-quotidien').isChecked(), 'the digest, chosen and kept');
  } finally {
    await recruiter.context().close();
  }
});

test('the CCOMS reviews from their home: a submitted fiche waits "à relire", is commented and published', { timeout: 300_000 }, async () => {
  const recruiterEmail = `recruteur9b-${RUN}@e2e.test`;
  const coordinatorEmail = `ccoms9-${RUN}@e2e.test`;
  for (const person of [
    { role: 'recruiter', email: recruiterEmail, name: 'Rose Recruteuse', scopes: ['establishment:1'] },
    { role: 'coordinator', email: coordinatorEmail, name: 'Camille Coordinatrice' },
  ]) await (await enrolStaff(person)).context().close();

  // A recruiter opens a project with the CCOMS, writes the fiche from the template, submits it.
  const recruiter = await signIn(recruiterEmail);
  let fiche;
  try {
    fiche = await startDraft(recruiter, `Équipe de liaison ${RUN}`);
    await checkPage(recruiter, `${fiche}/modifier?etape=1`);
    await pointer.fill(recruiter, '#champ-title', `Médiatrice de santé-pair – ${RUN}`);
    await click(recruiter, 'main form button', /^Enregistrer et continuer$/);
    await checkPage(recruiter, `${fiche}/modifier?etape=2`);
    await pointer.fill(recruiter, '#champ-place', 'Strasbourg');
    await pointer.fill(recruiter, '#champ-context', "L'équipe de liaison intervient aux urgences.");
    await click(recruiter, 'main form button', /^Enregistrer le brouillon$/);
    await click(recruiter, 'main nav a', /^Candidature$/);
    await checkPage(recruiter, `${fiche}/modifier?etape=6`);
    await pointer.fill(recruiter, '#champ-apply_email', 'recrutement@e2e.test');
    await pointer.fill(recruiter, '#champ-deadline', isoIn(30));
    await click(recruiter, 'main form button', /^Enregistrer le brouillon$/);
    await assertStatus(recruiter, 'Modifier la fiche : Candidature', /^Brouillon enregistré\.$/);
    // The template's suggestions are confirmed one by one before the fiche can go.
    await confirmFlagged(recruiter, fiche);
    await click(recruiter, 'main a', /^Revenir à la fiche$/);
    await checkPage(recruiter, `${fiche} (brouillon)`);
    assert.equal((await click(recruiter, 'main form button', /^Soumettre au CCOMS$/)).status(), 200);
    assert.match(await recruiter.locator('main dl.facts').innerText(), /État\s+Soumise au CCOMS/);
    await checkPage(recruiter, `${fiche} (soumise)`);
  } finally {
    await recruiter.context().close();
  }

  // The coordinator's home: the fiche waits in the queue, submitted today.
  const coordinator = await signIn(coordinatorEmail);
  try {
    await keyPage(coordinator, '/espace (CCOMS)', '09-espace-ccoms');
    const waiting = await figure(coordinator, 'à relire');
    assert.ok(waiting >= 1, 'at least this fiche to review');
    const queued = homeLine(coordinator, 'a-relire', fiche);
    assert.equal(await queued.link.innerText(), `Médiatrice de santé-pair – ${RUN}`);
    assert.match(await queued.text(), /Soumise le \d+(er)? \S+ \d{4}, en attente depuis aujourd'hui/);

    // Followed with the keyboard: Tab to the link, Enter.
    await navigate(coordinator, () => keyboard.activate(coordinator, { selector: `main a[href="${fiche}"]`, text: /santé-pair/ }));
    assert.equal(pathOf(coordinator), fiche);
    await keyPage(coordinator, `${fiche} (CCOMS, à relire)`, '09-fiche-a-relire');
    await coordinator.locator('#champ-section').selectOption({ label: 'Le service' });
    await pointer.fill(coordinator, '#champ-commentaire', 'Dites avec qui l’équipe travaille aux urgences.');
    await click(coordinator, 'main form button', /^Ajouter le commentaire$/);
    await coordinator.goto(fiche); // without the #commentaires fragment, for the contract's first Tab
    await checkPage(coordinator, `${fiche} (CCOMS, commentée)`);
    assert.match(await coordinator.locator('main').innerText(),
      /Le service \(version 1, Camille Coordinatrice\) : Dites avec qui l’équipe travaille aux urgences\./);

    await coordinator.getByLabel("Publier l'offre").check();
    await click(coordinator, 'main form button', /^Enregistrer la décision$/);
    await keyPage(coordinator, `${fiche} (CCOMS, publiée)`, '09-fiche-publiee');
    assert.match(await coordinator.locator('main dl.facts').innerText(), /État\s+Publiée/);

    // Home again: the queue no longer holds it.
    await click(coordinator, 'header a', /^Mon espace$/);
    await checkPage(coordinator, '/espace (CCOMS, après)');
    assert.equal(await homeLine(coordinator, 'a-relire', fiche).link.count(), 0, 'published: no longer to review');
    if (waiting > 1) assert.equal(await figure(coordinator, 'à relire'), waiting - 1);
    else assert.match(await coordinator.locator('main h2#a-relire + p').innerText(), /^Aucune fiche n'attend votre relecture\.$/);
  } finally {
    await coordinator.context().close();
  }
});

test('a recruiter starts a fiche from an offer the programme published', { timeout: 300_000 }, async () => {
  const email = `recruteur9c-${RUN}@e2e.test`;
  await (await enrolStaff({ role: 'recruiter', email, name: 'Rémi Repreneur', scopes: ['establishment:1'] })).context().close();
  const recruiter = await signIn(email);
  try {
    const fiche = await startDraft(recruiter, `Équipe mobile ${RUN}`);
    await click(recruiter, 'main a', /^Partir d'une fiche existante$/);
    assert.equal(pathOf(recruiter), `${fiche}/reprendre`);
    await checkPage(recruiter, `${fiche}/reprendre`);
    await keyboard.fill(recruiter, '#champ-q', 'strasbourg');
    await navigate(recruiter, () => keyboard.submit(recruiter));
    await keyPage(recruiter, `${fiche}/reprendre?q=strasbourg`, '09-bibliotheque');
    const first = recruiter.locator('main ul.cards li').first();
    const title = (await first.locator('h3').innerText()).trim();
    await navigate(recruiter, () => keyboard.activate(recruiter, { selector: 'main ul.cards button', text: /^Partir de cette fiche/ }));
    assert.equal(pathOf(recruiter), `${fiche}/modifier`);
    await checkPage(recruiter, `${fiche}/modifier (reprise)`);
    await assertStatus(recruiter, "Modifier la fiche : Le poste", /Texte repris d'une autre fiche/);
    assert.equal(await recruiter.locator('#champ-title').inputValue(), title, "the source's title, to reread");
  } finally {
    await recruiter.context().close();
  }
});
