'use strict';
// Journey 16 (an establishment's own systems): a recruiter of the demo establishment n° 1 goes
// from their home to the API keys page, is told what is missing, creates a key shown once, and
// the establishment's system writes a draft with it (the editor then shows the draft); from the
// home again, the webhooks page refuses a plain http:// address next to the field and keeps
// what was typed (the demo server allows no private address); the developers' reference page
// describes the routes. Every page gets the accessibility check.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch, newPage } = require('../lib/browser');
const { pathOf, checkPage, pointer, assertFormErrors, click } = require('../lib/pages');
const { RUN, PASSWORD, inviteWithCli, staffFromInvitation } = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a recruiter creates an API key, the system writes a draft with it, a webhook address is checked',
  { timeout: 300_000 }, async () => {
    const email = `recruteur16-${RUN}@e2e.test`;
    const recruiter = await staffFromInvitation(browser,
      inviteWithCli({ role: 'recruiter', email, scopes: ['establishment:1'] }),
      { name: `Rose Recruteuse ${RUN}`, email, password: PASSWORD });
    try {
      await click(recruiter, 'header a', /^Mon espace$/);
      await click(recruiter, 'main a', /^Clés d'API$/);
      assert.equal(pathOf(recruiter), '/etablissement/cles-api');
      await checkPage(recruiter, '/etablissement/cles-api');

      // No name: said next to the field.
      await click(recruiter, 'main form button[type=submit]', /^Créer la clé$/);
      await assertFormErrors(recruiter, { libelle: /./ });
      await checkPage(recruiter, '/etablissement/cles-api (erreurs)');
      await pointer.fill(recruiter, '#champ-libelle', `Logiciel RH ${RUN}`);
      await recruiter.locator('#champ-portees').check();
      await click(recruiter, 'main form button[type=submit]', /^Créer la clé$/);
      const key = await recruiter.locator('#cle-creee').inputValue();
      assert.match(key, /^msp_[0-9a-f]{8}_[0-9a-f]{64}$/);
      await checkPage(recruiter, '/etablissement/cles-api (clé créée)');

      // The establishment's system, with the key alone (no cookie).
      const answer = await fetch(new URL('/api/v1/etablissement/fiches', process.env.MSP_BASE_URL), {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ titre: `Médiateur de santé-pair ${RUN}`, quotite: 'temps_plein' }),
      });
      const draft = await answer.json();
      assert.equal(answer.status, 201, JSON.stringify(draft));
      assert.equal(draft.etat, 'brouillon');

      // Shown once: the list names the key, never the key itself.
      await recruiter.goto('/etablissement/cles-api');
      const list = await recruiter.locator('main').innerText();
      assert.ok(list.includes(`Logiciel RH ${RUN}`));
      assert.ok(!list.includes(key), 'the key is shown once only');
      await recruiter.goto(`/fiches/${draft.id}/modifier`);
      assert.equal(await recruiter.locator('#champ-title').inputValue(), `Médiateur de santé-pair ${RUN}`);

      await click(recruiter, 'header a', /^Mon espace$/);
      await click(recruiter, 'main a', /^Webhooks$/);
      assert.equal(pathOf(recruiter), '/etablissement/webhooks');
      await checkPage(recruiter, '/etablissement/webhooks');
      const typed = 'http://127.0.0.1:9/evenements';
      await pointer.fill(recruiter, '#champ-url', typed);
      await recruiter.locator('#champ-evenements').check();
      await click(recruiter, 'main form button[type=submit]', /^Enregistrer l'adresse$/);
      await assertFormErrors(recruiter, { url: /https:\/\// });
      assert.equal(await recruiter.locator('#champ-url').inputValue(), typed);
      await checkPage(recruiter, '/etablissement/webhooks (adresse refusée)');
    } finally {
      await recruiter.close();
    }
  });

test('the developers\' reference describes the API from its OpenAPI document', { timeout: 120_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  try {
    await page.goto('/');
    await click(page, 'footer a', /l'API pour les développeurs/);
    assert.equal(pathOf(page), '/developpeurs');
    await checkPage(page, '/developpeurs');
    const text = await page.locator('main').innerText();
    for (const route of ['/api/v1/offres', '/api/v1/etablissement/fiches', 'trop_de_demandes']) {
      assert.ok(text.includes(route), `${route} on the reference page`);
    }
  } finally {
    await page.close();
  }
});
