'use strict';
// Browser helpers shared by the journeys. We drive Debian's own Chromium with
// playwright-core: this machine cannot download Playwright's browser builds.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.MSP_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.MSP_SCREENSHOT_DIR || path.join(__dirname, '..', '..', 'target', 'e2e', 'screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function baseURL() {
  const url = process.env.MSP_BASE_URL;
  if (!url) throw new Error('MSP_BASE_URL is not set (run the suite through scripts/e2e)');
  return url;
}

function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', // we run as root in containers, where the sandbox cannot start
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking', // no calls home: the machine has no internet
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage', // containers often have a tiny /dev/shm, which crashes tabs
    ],
  });
}

// JavaScript off is our own DevTools switch rather than Playwright's
// `javaScriptEnabled: false`: with Playwright's, Chromium never runs the timers and
// promises axe needs (the evaluation hangs, then the browser dies) and only the session
// that set it can lift it. Same switch underneath: no page script runs, <noscript> shows.
const noJsSessions = new WeakMap();

// One context per page, so cookies and the JavaScript switch never leak between tests.
async function newPage(browser, { javaScript = true, width = 1280 } = {}) {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: { width, height: 800 },
    locale: 'fr-FR',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  if (!javaScript) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    noJsSessions.set(page, cdp);
  }
  return page;
}

// axe is injected through the DevTools protocol (page.evaluate), not a <script> tag:
// a strict CSP (no inline scripts) would block the tag but cannot block the protocol.
// On a JavaScript-off page, scripting is switched on just for the audit: the page's
// own scripts, skipped while parsing, do not run retroactively.
async function checkA11y(page, label = page.url()) {
  const cdp = noJsSessions.get(page);
  await cdp?.send('Emulation.setScriptExecutionDisabled', { value: false });
  let violations;
  try {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
    // page.evaluate has no timeout of its own: bound it so a stuck audit fails readably.
    violations = await withTimeout(60_000, `axe on ${label}`, page.evaluate(
      (tags) =>
        window.axe
          .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
          .then((r) => r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html })),
          }))),
      AXE_TAGS,
    ));
  } finally {
    await cdp?.send('Emulation.setScriptExecutionDisabled', { value: true });
  }
  if (violations.length) throw new Error(formatViolations(label, violations));
}

function withTimeout(ms, what, promise) {
  let timer;
  const expiry = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

function formatViolations(label, violations) {
  const lines = [`${violations.length} accessibility violation(s) on ${label}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) lines.push(`    at ${n.target}\n       ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  return lines.join('\n');
}

// The run's captures, a CI artefact: target/e2e/screenshots/<journey>/<name>-<width>.png,
// never committed (scripts/e2e empties the folder when a run starts).
const JOURNEY = path.basename(require.main?.filename ?? process.argv[1] ?? 'journey').replace(/\.test\.js$/, '');

// Full-page captures at the narrowest width WCAG asks pages to reflow to and at a desktop
// width, for humans to review.
async function screenshots(page, name) {
  const dir = path.join(SCREENSHOT_DIR, JOURNEY);
  fs.mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  try {
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
    }
  } finally {
    await page.setViewportSize(original);
  }
}

// WCAG 1.4.10 (reflow): nothing may force horizontal scrolling at 320 CSS px. A failure names
// the outermost elements that stick out (their parent does not), skipping those clipped by a
// container that scrolls or hides its own overflow: those do not widen the page.
async function assertNoHorizontalScroll(page) {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  let r;
  try {
    r = await page.evaluate(() => {
      const root = document.documentElement;
      const limit = root.clientWidth + 1;
      const sticksOut = (el) => el.getBoundingClientRect().right > limit;
      const clipped = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (getComputedStyle(p).overflowX !== 'visible') return true;
        }
        return false;
      };
      const describe = (el) => {
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
          + [...el.classList].map((c) => `.${c}`).join('');
        const html = el.outerHTML.replace(/\s+/g, ' ').slice(0, 100);
        return `${name}, ${Math.round(el.getBoundingClientRect().width)} px wide, right edge at ${Math.round(el.getBoundingClientRect().right)} px: ${html}`;
      };
      const wide = [...document.body.querySelectorAll('*')]
        .filter((el) => sticksOut(el) && !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)) && !clipped(el))
        .slice(0, 8)
        .map(describe);
      // Regions that scroll sideways on their own (a wide table, the pipeline's columns): allowed
      // by WCAG 1.4.10 for content that needs two dimensions, listed for review.
      const regions = [...document.body.querySelectorAll('*')]
        .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')}`
          + ` (${el.scrollWidth} px of content in ${el.clientWidth} px)`);
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, regions };
    });
  } finally {
    await page.setViewportSize(original);
  }
  assert.ok(
    r.scrollWidth <= r.clientWidth,
    `${page.url()} scrolls horizontally at 320 px (WCAG 1.4.10): the page is ${r.scrollWidth} px wide for ${r.clientWidth} px of viewport; what sticks out:\n  ${r.wide.join('\n  ') || '(no element found: a pseudo-element or a margin?)'}`,
  );
  return r.regions;
}

// Keyboard users must see where they are (WCAG 2.4.7): an outline (not 'none', not 0 wide)
// or a box-shadow on the focused element. `handle` is that element.
async function assertFocusVisible(handle) {
  const focus = await handle.evaluate((e) => {
    const s = getComputedStyle(e);
    return { outline: `${s.outlineStyle} ${s.outlineWidth}`, boxShadow: s.boxShadow, html: e.outerHTML.slice(0, 120) };
  });
  const visible = (!focus.outline.startsWith('none') && !focus.outline.endsWith(' 0px')) || focus.boxShadow !== 'none';
  assert.ok(visible, `no visible focus indicator on ${focus.html} (outline: ${focus.outline}, box-shadow: ${focus.boxShadow})`);
}

// What `tabTo` looks for: a CSS selector; { selector, text } (text: a RegExp tested on the
// element's visible text or value); or a function run in the page with the element.
function matcher(target) {
  if (typeof target === 'string') return [(e, sel) => e.matches(sel), target];
  if (typeof target === 'function') return [target, undefined];
  const text = target.text instanceof RegExp ? target.text : new RegExp(target.text ?? '');
  return [
    (e, { selector, source, flags }) =>
      e.matches(selector) && new RegExp(source, flags).test((e.innerText || e.value || '').replace(/\s+/g, ' ').trim()),
    { selector: target.selector ?? '*', source: text.source, flags: text.flags },
  ];
}

function describe(target) {
  if (typeof target === 'string') return target;
  if (typeof target === 'function') return target.toString();
  return `${target.selector ?? '*'} with text ${target.text}`;
}

// Presses Tab (Shift+Tab when `backward`) until the focused element matches `target`, checking
// that every element it passes through, and the one it stops on, shows where the focus is.
async function tabTo(page, target, { backward = false, max = 60 } = {}) {
  const [predicate, arg] = matcher(target);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backward ? 'Shift+Tab' : 'Tab');
    const el = await page.evaluateHandle(() => document.activeElement);
    if (await el.evaluate((e) => e === document.body || e === document.documentElement)) { await el.dispose(); continue; }
    await assertFocusVisible(el);
    if (await el.evaluate(predicate, arg)) return el;
    await el.dispose();
  }
  throw new Error(`tabTo: nothing matching ${describe(target)} got focus after ${max} ${backward ? 'Shift+Tab' : 'Tab'} presses on ${page.url()}`);
}

// --- Mail outbox (.eml files written by the server) for later journeys ---

function decodeWords(s) {
  // RFC 2047 encoded words, e.g. =?UTF-8?B?...?= or =?UTF-8?Q?...?=; the blank
  // between two encoded words is folding, not text, so it is dropped.
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(?:\s+(?==\?))?/g, (_, charset, enc, text) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : qp(text.replace(/_/g, ' ')));
}

function qp(s) {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parseMessage(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

// The text/plain body of a (possibly multipart) message, transfer-decoded.
function textBody({ headers, body }) {
  const type = headers['content-type'] || 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type);
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary[1]}`).slice(1, -1).map((p) => parseMessage(p.replace(/^\r?\n/, '')));
    for (const p of parts) {
      const t = textBody(p);
      if (t !== null) return t;
    }
    return null;
  }
  if (!/^text\/plain/i.test(type)) return null;
  const enc = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return qp(body);
  return body;
}

function readOutbox(dir = process.env.MSP_OUTBOX_DIR) {
  if (!dir || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => {
      const file = path.join(dir, f);
      const msg = parseMessage(fs.readFileSync(file, 'utf8'));
      return {
        file,
        mtime: fs.statSync(file).mtimeMs,
        subject: decodeWords(msg.headers.subject || ''),
        to: decodeWords(msg.headers.to || ''),
        text: (textBody(msg) ?? '').replace(/\r\n/g, '\n'),
        headers: msg.headers,
      };
    })
    .sort((a, b) => a.mtime - b.mtime);
}

module.exports = {
  launch, newPage, checkA11y, screenshots, assertNoHorizontalScroll, tabTo, assertFocusVisible, readOutbox,
  formatViolations, SCREENSHOT_DIR, JOURNEY,
};
