'use strict';
// Account helpers for the journeys: mail links from the outbox, TOTP codes as an
// authenticator app computes them, a candidate set up without the pages, and the first
// admin invited with the command line (`msp user add`) on the server's own database.
const crypto = require('node:crypto');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { readOutbox } = require('./browser');

// Addresses are unique per run (each journey file runs in its own process), so the journeys can
// run again against the same server.
const RUN = Date.now().toString(36);
// The password the journeys' people choose: long and mixed, as the policy asks.
const PASSWORD = 'Une phrase de passe solide 2026';

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The outbox files present now, so that `waitForMail` can ignore them.
function outboxSnapshot() {
  return new Set(readOutbox().map((m) => m.file));
}

// The first new message to `to` whose subject matches, once the server's mail worker has
// written it (it is woken at commit, so this is usually immediate; 10 s at most).
async function waitForMail({ to, subject, after = new Set(), timeout = 10_000 }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = readOutbox().find((m) => !after.has(m.file) && m.to.includes(to) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = readOutbox().map((m) => `${m.to}: ${m.subject}`).join('\n  ');
      throw new Error(`no message to ${to} with subject ${subject} in ${process.env.MSP_OUTBOX_DIR} after ${timeout} ms; found:\n  ${seen}`);
    }
    await delay(100);
  }
}

// The link of a message that goes to `path` on this site.
function linkIn(mail, path) {
  const base = process.env.MSP_BASE_URL;
  const links = mail.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  const link = links.find((l) => l.startsWith(base) && new URL(l).pathname === path);
  assert.ok(link, `a link to ${base}${path} in "${mail.subject}":\n${mail.text}`);
  return link;
}

// RFC 4648 base32, as authenticator apps read the secret (spaces and padding ignored).
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238 with the parameters every app uses: HMAC-SHA-1, 30-second steps, 6 digits.
// `key` is the raw secret (a Buffer) or its base32 text.
function totp(key, unixSeconds = Date.now() / 1000, digits = 6) {
  const secret = Buffer.isBuffer(key) ? key : base32Decode(key);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = crypto.createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

// A candidate with a confirmed address, created through HTTP rather than the pages (the
// sign-up journey checks those): for journeys that need an account to start from.
async function signUpCandidate(browser, { name, email, password }) {
  const context = await browser.newContext({ baseURL: process.env.MSP_BASE_URL });
  try {
    const form = await (await context.request.get('/inscription')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    assert.ok(csrf, 'the sign-up form carries a CSRF token');
    const before = outboxSnapshot();
    const created = await context.request.post('/inscription', { form: { _csrf: csrf, name, email, password } });
    assert.equal(created.status(), 200, `sign-up of ${email}`);
    const mail = await waitForMail({ to: email, subject: /^Confirmez votre adresse/, after: before });
    const verified = await context.request.get(linkIn(mail, '/verification-email'));
    assert.equal(verified.status(), 200, `verification of ${email}`);
  } finally {
    await context.close();
  }
}

// `msp user add` on the database the server uses (scripts/e2e exports MSP_BIN and
// MSP_DATABASE_URL): returns the invitation link it prints.
function inviteWithCli({ role, email, scopes = [] }) {
  const bin = process.env.MSP_BIN;
  const database = process.env.MSP_DATABASE_URL;
  assert.ok(bin && database,
    'MSP_BIN and MSP_DATABASE_URL must name the server binary and its database (scripts/e2e sets both)');
  const args = ['user', 'add', '--role', role, '--email', email, '--database', database,
    '--public-url', process.env.MSP_BASE_URL, ...scopes.flatMap((s) => ['--scope', s])];
  const out = execFileSync(bin, args, { encoding: 'utf8', timeout: 30_000 });
  const link = out.split(/\s+/).find((word) => /^https?:\/\/\S+\/invitation\?jeton=/.test(word));
  assert.ok(link, `msp user add printed an invitation link:\n${out}`);
  return link;
}


// The authenticator secrets enrolled by `staffFromInvitation` in this journey, by address: what
// the person's app holds, for their next sign-in.
const enrolled = new Map();
const totpSecretOf = (email) => {
  assert.ok(enrolled.has(email), `${email} enrolled a second factor in this journey`);
  return enrolled.get(email);
};

// A staff member invited by `link` accepts (name, password), logs in and enrols the second
// factor, as every staff role must, with the accessibility check on the pages they pass;
// returns their page, signed in, on /compte after their home (/espace), where enrolment leads.
async function staffFromInvitation(browser, link, { name, email, password }) {
  const { newPage } = require('./browser');
  const { pathOf, checkPage, navigate, pointer, assertStatus, click } = require('./pages');
  const page = await newPage(browser);
  assert.equal((await page.goto(link)).status(), 200);
  await checkPage(page, `/invitation (${name})`);
  await pointer.fill(page, '#champ-name', name);
  await pointer.fill(page, '#champ-password', password);
  await navigate(page, () => pointer.submit(page));
  await assertStatus(page, 'Votre compte est créé', /double authentification/);
  await click(page, 'main a', /^Se connecter$/);
  await pointer.fill(page, '#champ-email', email);
  await pointer.fill(page, '#champ-password', password);
  await navigate(page, () => pointer.submit(page));
  assert.equal(pathOf(page), '/compte/double-authentification');
  await checkPage(page, `/compte/double-authentification (${name})`);
  const secret = (await page.locator('main code').innerText()).replace(/\s+/g, '');
  enrolled.set(email, secret);
  await pointer.fill(page, '#champ-code', totp(secret));
  await navigate(page, () => pointer.submit(page));
  await assertStatus(page, 'Vos codes de secours', /double authentification est active/);
  await click(page, 'main a', /^Continuer vers mon espace$/);
  assert.equal(pathOf(page), '/espace');
  await checkPage(page, `/espace (${name})`);
  await click(page, 'main a', /^Mon compte/);
  assert.equal(pathOf(page), '/compte');
  return page;
}

// Signs in from the login page (the second factor, if any, comes next).
async function login(page, email, password) {
  const { navigate, pointer } = require('./pages');
  await pointer.fill(page, '#champ-email', email);
  await pointer.fill(page, '#champ-password', password);
  return navigate(page, () => pointer.submit(page));
}

module.exports = {
  RUN, PASSWORD, login, staffFromInvitation, totpSecretOf, outboxSnapshot, waitForMail, linkIn, totp, base32Decode, signUpCandidate, inviteWithCli };
