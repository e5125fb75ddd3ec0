'use strict';
// Journey 19 (the MSPs' network): an MSP joins the network from their home, with the explicit
// opt-in (refused without it, what was typed kept) and a chosen name; another MSP joins, finds
// them in the directory (no address shown) and writes to them through the platform; the first
// hears of it by mail (neither the text nor the sender's name), reads the conversation and
// answers. Every page gets the accessibility check.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { launch } = require('../lib/browser');
const { pathOf, checkPage, pointer, assertFormErrors, assertStatus, click } = require('../lib/pages');
const { RUN, PASSWORD, inviteWithCli, staffFromInvitation, waitForMail, outboxSnapshot } = require('../lib/accounts');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An MSP, invited and signed in, joins the network as `shown` from their home.
async function join(page, shown, { firstTry = false } = {}) {
  await click(page, 'header a', /^Mon espace$/);
  await click(page, 'main a', /^Le réseau des MSP$/);
  assert.equal(pathOf(page), '/reseau/adhesion', 'a non-member sees the join page');
  await checkPage(page, `/reseau/adhesion (${shown}, avant)`);
  assert.match(await page.locator('main').innerText(), /Ce que vous acceptez/);
  await pointer.fill(page, '#champ-nom', shown);
  await page.locator('#champ-region').selectOption('11');
  await pointer.fill(page, '#champ-sujets', 'binôme, intervision');
  if (firstTry) {
    await click(page, 'main form button[type=submit]', /^Rejoindre le réseau$/);
    await assertFormErrors(page, { consentement: /Cochez la case/ });
    await checkPage(page, '/reseau/adhesion (accord manquant)');
    assert.equal(await page.locator('#champ-nom').inputValue(), shown);
  }
  await page.locator('#champ-consentement').check();
  await click(page, 'main form button[type=submit]', /^Rejoindre le réseau$/);
  assert.equal(pathOf(page), '/reseau');
  await assertStatus(page, 'Le réseau des MSP', /Vous êtes dans le réseau/);
  await checkPage(page, `/reseau (${shown})`);
}

test('an MSP joins the network, another writes to them, the first reads and answers',
  { timeout: 300_000 }, async () => {
    const firstEmail = `reseau19a-${RUN}@e2e.test`;
    const secondEmail = `reseau19b-${RUN}@e2e.test`;
    const first = `Lune ${RUN}`;
    const second = `Soleil ${RUN}`;
    const pages = [];
    try {
      const a = await staffFromInvitation(browser, inviteWithCli({ role: 'msp', email: firstEmail }),
        { name: `Alice Compte ${RUN}`, email: firstEmail, password: PASSWORD });
      pages.push(a);
      await join(a, first, { firstTry: true });

      const b = await staffFromInvitation(browser, inviteWithCli({ role: 'msp', email: secondEmail }),
        { name: `Bruno Compte ${RUN}`, email: secondEmail, password: PASSWORD });
      pages.push(b);
      await join(b, second);
      const directory = await b.locator('main').innerText();
      assert.ok(directory.includes(first), 'the first member is listed');
      assert.ok(!directory.includes(firstEmail) && !directory.includes(`Alice Compte ${RUN}`),
        'neither the address nor the account name');
      const sent = outboxSnapshot();
      await click(b, 'main a', new RegExp(`^Écrire à ${first}$`));
      assert.match(pathOf(b), /^\/reseau\/\d+\/ecrire$/);
      await checkPage(b, '/reseau/{id}/ecrire');
      await pointer.fill(b, '#champ-message', `Bonjour ${first}, parlons du binôme ?`);
      await click(b, 'main form button[type=submit]', /^Envoyer$/);
      assert.match(pathOf(b), /^\/reseau\/messages\/\d+$/);
      await assertStatus(b, `Conversation avec ${first}`, /Votre message est envoyé/);
      await checkPage(b, '/reseau/messages/{id} (envoyé)');

      const mail = await waitForMail({ to: firstEmail, subject: /^Un message vous attend/, after: sent });
      assert.ok(/\/reseau\/messages\/\d+/.test(mail.text), 'a link to the conversation');
      assert.ok(!mail.text.includes('binôme') && !mail.text.includes(second), 'neither the text nor the sender');

      await click(a, 'header a', /^Mon espace$/);
      await click(a, 'main a', /^Le réseau des MSP$/);
      await click(a, 'main a', /^Mes conversations$/);
      assert.equal(pathOf(a), '/reseau/messages');
      await checkPage(a, '/reseau/messages');
      await click(a, 'main a', new RegExp(`^Avec ${second}$`));
      await checkPage(a, '/reseau/messages/{id}');
      assert.match(await a.locator('main').innerText(), /parlons du binôme/);
      await pointer.fill(a, '#champ-message', 'Avec plaisir !');
      await click(a, 'main form button[type=submit]', /^Envoyer$/);
      await assertStatus(a, `Conversation avec ${second}`, /Votre message est envoyé/);
      await checkPage(a, '/reseau/messages/{id} (réponse)');
      await b.reload();
      assert.match(await b.locator('main').innerText(), /Avec plaisir !/);
    } finally {
      for (const page of pages) await page.context().close();
    }
  });
