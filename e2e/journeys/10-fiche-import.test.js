'use strict';
// Journey 10 (fiche import, issue 21): a recruiter starts a fiche from the template, then
// imports the fiche de poste their establishment already has. A file that is no fiche is
// refused next to the upload field; the document's text, pasted, fills the steps, every field
// filled marked "À vérifier". The recruiter adds what the programme needs and the document does
// not say, confirms every flagged field with the keyboard alone, and submits the fiche. Every
// page gets the accessibility check (lib/pages.js, checkPage).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch } = require('../lib/browser');
const { pathOf, checkPage, pointer, assertFormErrors, assertStatus, click, keyPage } = require('../lib/pages');
const { RUN, PASSWORD, inviteWithCli, staffFromInvitation } = require('../lib/accounts');
const { confirmFlagged } = require('../lib/fiches');

const fixture = (name) => path.join(__dirname, '..', '..', 'tests', 'fixtures', name);
const GREMO_PASS = fs.readFileSync(fixture('import/gremo-pass.txt'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An ISO date `days` from today, as the fiche editor reads it.
const isoIn = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// Writes a field only when the import left it empty.
async function fillIfEmpty(page, selector, value) {
  if (!(await page.locator(selector).inputValue()).trim()) await pointer.fill(page, selector, value);
}

// Opens a step of the editor from its steps' navigation.
async function openStep(page, name) {
  await click(page, 'main nav a', new RegExp(`^${name}$`));
  await checkPage(page, `${pathOf(page)} (${name})`);
}

test('a recruiter imports their fiche, confirms each field with the keyboard and submits it', { timeout: 300_000 }, async () => {
  const email = `recruteur10-${RUN}@e2e.test`;
  const link = inviteWithCli({ role: 'recruiter', email, scopes: ['establishment:1'] });
  const recruiter = await staffFromInvitation(browser, link, { name: 'Iris Importatrice', email, password: PASSWORD });
  try {
    // A project, its fiche started from the template.
    await recruiter.goto('/projets/nouveau');
    await checkPage(recruiter, '/projets/nouveau');
    await pointer.fill(recruiter, '#champ-unit', `Équipe mobile ${RUN}`);
    await pointer.fill(recruiter, '#champ-public_served', 'Adultes en situation de précarité');
    await recruiter.getByLabel('Temps plein', { exact: true }).check();
    await recruiter.getByLabel('Bobigny (Université Sorbonne Paris Nord)').check();
    await click(recruiter, 'main form button', /^Ouvrir le projet$/);
    await click(recruiter, 'main form button', /^Commencer la fiche de poste à partir du modèle$/);
    assert.match(pathOf(recruiter), /^\/fiches\/\d+\/modifier$/);
    const fiche = pathOf(recruiter).replace(/\/modifier$/, '');
    await keyPage(recruiter, `${fiche}/modifier (modèle)`, '10-editeur-modele');
    assert.match(await recruiter.locator('main').innerText(), /11 champs restent à vérifier avant de soumettre la fiche/);

    // The import page, linked from the first step.
    await click(recruiter, 'main a', /^Importer une fiche de poste$/);
    assert.equal(pathOf(recruiter), `${fiche}/importer`);
    await keyPage(recruiter, `${fiche}/importer`, '10-import');

    // A file that is no fiche de poste: refused next to the upload field.
    await recruiter.locator('#champ-fichier').setInputFiles(fixture('programme.exe'));
    assert.equal((await click(recruiter, 'main form button', /^Importer et remplacer le brouillon$/)).status(), 422);
    await keyPage(recruiter, `${fiche}/importer (format refusé)`, '10-import-refuse');
    await assertFormErrors(recruiter, { fichier: /^Format non reconnu \(PDF, DOCX ou ODT\)/ });

    // The document's text, pasted: the steps are filled, each field to verify.
    await pointer.fill(recruiter, '#champ-texte', GREMO_PASS);
    await click(recruiter, 'main form button', /^Importer et remplacer le brouillon$/);
    assert.equal(pathOf(recruiter), `${fiche}/modifier`);
    await assertStatus(recruiter, 'Modifier la fiche : Le poste', /^Fiche importée : vérifiez chaque champ marqué « À vérifier »\.$/);
    await keyPage(recruiter, `${fiche}/modifier (importée)`, '10-editeur-importe');
    assert.ok(await recruiter.locator('#verifie-title').count(), 'the imported title is to verify');
    assert.doesNotMatch(await recruiter.locator('#champ-title').inputValue(), /Médiateur ou médiatrice de santé-pair/,
      'the template\'s title gave way to the document\'s');
    await openStep(recruiter, 'Missions');
    const missions = (await recruiter.locator('main textarea[name=groupe_missions]').evaluateAll((ts) => ts.map((t) => t.value)))
      .flatMap((items) => items.split('\n')).filter((line) => line.trim());
    assert.equal(missions.length, 11, 'the GREMO-PASS fiche\'s eleven missions');

    // What the programme needs and the document does not say.
    await openStep(recruiter, 'Le service');
    await fillIfEmpty(recruiter, '#champ-place', 'Paris 19e');
    await fillIfEmpty(recruiter, '#champ-context', "L'équipe mobile va vers les personnes sans abri.");
    await pointer.fill(recruiter, '#champ-public_served', 'Adultes en situation de précarité');
    await click(recruiter, 'main form button', /^Enregistrer le brouillon$/);
    await openStep(recruiter, 'Compétences');
    await fillIfEmpty(recruiter, '#champ-experientielles', 'Savoir partager son expérience du rétablissement');
    await click(recruiter, 'main form button', /^Enregistrer le brouillon$/);
    await openStep(recruiter, 'Diplôme et formation');
    await fillIfEmpty(recruiter, '#champ-diploma', 'Bac+2, ou Bac avec une validation des acquis');
    await fillIfEmpty(recruiter, '#champ-training', "Licence financée par l'établissement.");
    await click(recruiter, 'main form button', /^Enregistrer le brouillon$/);
    await openStep(recruiter, 'Candidature');
    await fillIfEmpty(recruiter, '#champ-how_to_apply', 'Lettre de motivation et CV.');
    await pointer.fill(recruiter, '#champ-apply_email', 'recrutement@e2e.test');
    await pointer.fill(recruiter, '#champ-deadline', isoIn(30));
    await click(recruiter, 'main form button', /^Enregistrer le brouillon$/);
    await assertStatus(recruiter, 'Modifier la fiche : Candidature', /^Brouillon enregistré\.$/);

    // Not yet: fields remain to verify, and the fiche's page says so.
    await click(recruiter, 'main a', /^Revenir à la fiche$/);
    await keyPage(recruiter, `${fiche} (à vérifier)`, '10-fiche-a-verifier');
    assert.match(await recruiter.locator('main').innerText(), /La fiche ne peut pas être soumise avant\./);
    assert.equal((await click(recruiter, 'main form button', /^Soumettre au CCOMS$/)).status(), 422);
    await checkPage(recruiter, `${fiche} (refusée : à vérifier)`);
    assert.match(await recruiter.locator('main .error-summary').innerText(), /champs? à vérifier/);

    // Every flagged field confirmed with the keyboard alone; then the fiche goes.
    await confirmFlagged(recruiter, fiche);
    await recruiter.goto(fiche);
    await checkPage(recruiter, `${fiche} (vérifiée)`);
    assert.doesNotMatch(await recruiter.locator('main').innerText(), /La fiche ne peut pas être soumise avant/);
    assert.equal((await click(recruiter, 'main form button', /^Soumettre au CCOMS$/)).status(), 200);
    assert.match(await recruiter.locator('main dl.facts').innerText(), /État\s+Soumise au CCOMS/);
    await keyPage(recruiter, `${fiche} (soumise)`, '10-fiche-soumise');
  } finally {
    await recruiter.context().close();
  }
});
