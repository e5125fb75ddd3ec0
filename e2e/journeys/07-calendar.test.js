'use strict';
// Journey 4 (the programme's calendar): a CCOMS coordinator (invited with `msp user add`) creates
// the Bobigny cohort of next year with the universities' usual dates, types a training week that
// is not a Monday and is told so, corrects it; a recruiter opens a project, reads its
// rétroplanning for that cohort and aims at it; the coordinator's dashboard follows it.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch } = require('../lib/browser');
const { pathOf, pointer, assertFormErrors, assertStatus, click, keyPage } = require('../lib/pages');
const {
  RUN, PASSWORD, inviteWithCli, staffFromInvitation: staffFromInvitationIn,
} = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Staff accept their invitation and enrol the second factor (lib/accounts.js).
const staffFromInvitation = (link, name, email) =>
  staffFromInvitationIn(browser, link, { name, email, password: PASSWORD });

test('the CCOMS sets a cohort, a team plans for it, the dashboard follows', { timeout: 300_000 }, async () => {
  const email = `ccoms4-${RUN}@e2e.test`;
  const ccoms = await staffFromInvitation(inviteWithCli({ role: 'coordinator', email }), 'Camille Coordinatrice', email);
  try {
    await click(ccoms, 'main a', /^Promotions des universités$/);
    assert.equal(pathOf(ccoms), '/promotions');
    await keyPage(ccoms, '/promotions', '07-promotions');
    const year = await ccoms.locator('#champ-annee').inputValue();
    await ccoms.getByLabel('Bobigny (Université Sorbonne Paris Nord)').check();
    await click(ccoms, 'main form button', /^Créer avec les dates habituelles$/);
    assert.match(pathOf(ccoms), /^\/promotions\/\d+$/);
    assert.equal(await ccoms.locator('h1').innerText(), `Promotion Bobigny ${year}`);
    await keyPage(ccoms, '/promotions/{id}', '07-promotion');
    assert.equal(await ccoms.locator('main ol li').count(), 8, 'eight training weeks');

    // A Tuesday is refused, with the error linked to its field.
    const weeks = await ccoms.locator('#champ-training_weeks').inputValue();
    const tuesday = weeks.split('\n')[0].replace(/-(\d\d)$/, (_, d) => `-${String(Number(d) + 1).padStart(2, '0')}`);
    await pointer.fill(ccoms, '#champ-training_weeks', [tuesday, ...weeks.split('\n').slice(1)].join('\n'));
    await click(ccoms, 'main form button', /^Enregistrer les dates$/);
    await assertFormErrors(ccoms, { training_weeks: /n'est pas un lundi/ });
    await keyPage(ccoms, '/promotions/{id} (erreur)', '07-promotion-erreur');

    await pointer.fill(ccoms, '#champ-training_weeks', weeks.split('\n').slice(0, 7).join('\n'));
    await click(ccoms, 'main form button', /^Enregistrer les dates$/);
    await assertStatus(ccoms, `Promotion Bobigny ${year}`, /dates de la promotion sont enregistrées/);
    assert.equal(await ccoms.locator('main ol li').count(), 7);

    // A recruiter of a demo establishment opens a project and plans it for that cohort.
    const rhEmail = `recruteur4-${RUN}@e2e.test`;
    const rh = await staffFromInvitation(
      inviteWithCli({ role: 'recruiter', email: rhEmail, scopes: ['establishment:1'] }), 'Rose Recruteuse', rhEmail);
    try {
      await rh.goto('/projets/nouveau');
      const unit = `Équipe mobile ${RUN}`;
      await pointer.fill(rh, '#champ-unit', unit);
      await pointer.fill(rh, '#champ-public_served', 'Adultes présentant des troubles psychotiques');
      await rh.getByLabel('Mi-temps', { exact: true }).check();
      await rh.getByLabel('Bobigny (Université Sorbonne Paris Nord)').check();
      await click(rh, 'main form button', /^Ouvrir le projet$/);
      assert.match(pathOf(rh), /^\/projets\/\d+$/);
      await click(rh, 'main a', /^Voir le rétroplanning/);
      assert.match(pathOf(rh), /^\/projets\/\d+\/retroplanning$/);
      await rh.locator('#champ-annee').selectOption(year);
      await click(rh, 'main form[method=get] button', /^Afficher ce rétroplanning$/);
      assert.equal(await rh.locator('h1').innerText(), `Rétroplanning, promotion Bobigny ${year}`);
      await keyPage(rh, '/projets/{id}/retroplanning', '07-retroplanning');
      assert.equal(await rh.locator('main table tbody tr').count(), 7 + 7, 'seven steps and the seven weeks set by the CCOMS');
      // This year's cohort closed its registration last December: out of reach, another proposed.
      const thisYear = String(Number(year) - 1);
      await rh.locator('#champ-annee').selectOption(thisYear);
      await click(rh, 'main form[method=get] button', /^Afficher ce rétroplanning$/);
      assert.match(await rh.locator('main [role=alert]').innerText(), /n'est plus atteignable/);
      assert.match(await rh.locator('main').innerText(), /Prochaine promotion encore atteignable/);
      await keyPage(rh, '/projets/{id}/retroplanning (inatteignable)', '07-retroplanning-inatteignable');
      // Aimed at anyway, its missed steps are late on the CCOMS's dashboard, whatever today is.
      await click(rh, 'main form button', new RegExp(`^Viser la promotion Bobigny ${thisYear}`));
      assert.match(await rh.locator('main').innerText(), /Le projet vise cette promotion/);

      await ccoms.goto('/tableau-de-bord');
      await keyPage(ccoms, '/tableau-de-bord', '07-tableau-de-bord');
      assert.match(await ccoms.locator('main').innerText(), new RegExp(`Décision d'embauche – .*${unit} \\(Bobigny ${thisYear}\\)`));
      await ccoms.goto('/inscriptions');
      await keyPage(ccoms, '/inscriptions', '07-inscriptions');
    } finally {
      await rh.context().close();
    }
  } finally {
    await ccoms.context().close();
  }
});
