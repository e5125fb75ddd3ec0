'use strict';
// How the journeys look at and drive a page: the checks every page gets (layout contract,
// axe), waiting for the page an action leads to, the keyboard-only and pointer drivers, and
// the shared assertions on form errors and confirmations.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const {
  checkA11y, tabTo, assertFocusVisible, screenshots, assertNoHorizontalScroll, SCREENSHOT_DIR, JOURNEY,
} = require('./browser');
const { assertPageContract } = require('./contract');

const pathOf = (page) => new URL(page.url()).pathname;

// Every page gets the same treatment: layout contract, axe, captures at 320 and 1280 px
// (named after `shot`, else the label, numbered in the journey's order), and no scrolling
// sideways at 320 px. The captures come first, so that a page that fails is there to look at.
// Regions that scroll sideways on their own at 320 px are allowed (a wide table, the pipeline)
// and listed in scrolling-regions.txt beside the screenshots, for review. A page seen again in
// the same journey (same address but for its numbers, same title) is not captured again, unless
// named (keyPage): the captures cost up to a second a page, the reflow check a tenth.
let shots = 0;
const captured = new Set();
async function checkPage(page, label, shot) {
  await assertPageContract(page);
  await checkA11y(page, label);
  const seen = `${new URL(page.url()).pathname.replace(/\d+/g, 'N')} ${await page.title()}`;
  if (shot || !captured.has(seen)) {
    captured.add(seen);
    const name = (shot ?? label).replace(/^\d\d-/, '').replace(/(^|\s)\/(?=\s|$)/g, '$1accueil')
      .normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'page';
    await screenshots(page, `${String(++shots).padStart(2, '0')}-${name}`);
  }
  const regions = await assertNoHorizontalScroll(page);
  if (regions.length) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    fs.appendFileSync(path.join(SCREENSHOT_DIR, 'scrolling-regions.txt'),
      regions.map((r) => `${JOURNEY}\t${label}\t${new URL(page.url()).pathname}\t${r}\n`).join(''));
  }
}

// axe again on a phone-sized screen, where wide tables scroll inside their own region.
async function checkNarrow(page, label) {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  try { await checkA11y(page, `${label} (375 px)`); } finally { await page.setViewportSize(original); }
}

// Waits for the page that `act` leads to and returns its response (after redirects).
async function navigate(page, act) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), act()]);
  return response;
}

// --- Two ways to drive a page -------------------------------------------------------------
// A target is { selector, text }: a CSS selector and a RegExp on the element's visible text.

// The keyboard alone: Tab and Shift+Tab to move (every stop must show its focus), Enter to
// follow a link or send a form from a field, Space to press a button.
const keyboard = {
  async focus(page, selector) {
    const where = await page.evaluate((sel) => {
      const target = document.querySelector(sel);
      const active = document.activeElement;
      if (!target) return 'missing';
      if (active === target) return 'here';
      if (!active || active === document.body) return 'after';
      return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING ? 'before' : 'after';
    }, selector);
    assert.notEqual(where, 'missing', `${selector} on ${page.url()}`);
    if (where === 'here') await assertFocusVisible(await page.evaluateHandle(() => document.activeElement));
    else await tabTo(page, selector, { backward: where === 'before' });
  },
  async fill(page, selector, value) {
    await keyboard.focus(page, selector);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(value);
  },
  async activate(page, target) {
    const el = await tabTo(page, target);
    const isButton = await el.evaluate((e) => e.tagName === 'BUTTON');
    await page.keyboard.press(isButton ? 'Space' : 'Enter');
  },
  // Implicit submission: Enter in the field that has the focus.
  async submit(page) {
    await page.keyboard.press('Enter');
  },
};

// A pointer, with the keyboard only to type.
const pointer = {
  async focus(page, selector) { await page.locator(selector).click(); },
  async fill(page, selector, value) { await page.locator(selector).fill(value); },
  async activate(page, { selector, text }) {
    await page.locator(selector).filter({ hasText: text }).first().click();
  },
  async submit(page) { await page.locator('main form button[type=submit]').click(); },
};

// --- Shared checks ------------------------------------------------------------------------

// A form sent back with errors: "Erreur – " in the title, the errors listed at the top of the
// form as links to their fields, and each field marked invalid and described by its message.
// `expected` maps field names to the RegExp their message must match.
// A click that loads a page: the pointer activates the element, then the load is awaited.
const click = (page, selector, text) => navigate(page, () => pointer.activate(page, { selector, text }));

// A key page of a journey, with the name of its captures.
const keyPage = (page, label, shot) => checkPage(page, label, shot);

async function assertFormErrors(page, expected) {
  assert.match(await page.title(), /^Erreur – /, `${page.url()}: the title starts with "Erreur – "`);
  const summary = page.locator('main .error-summary');
  assert.equal(await summary.count(), 1, 'one error summary');
  const first = await page.evaluate(() => {
    const s = document.querySelector('main .error-summary');
    const form = document.querySelector('main form[method=post]');
    return !!(s.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(first, 'the error summary comes before the form');
  const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({
    href: a.getAttribute('href'), text: a.innerText.trim(),
  })));
  assert.deepEqual(links.map((l) => l.href).sort(), Object.keys(expected).map((f) => `#champ-${f}`).sort(),
    'one link per field in error');
  for (const [field, message] of Object.entries(expected)) {
    const { text } = links.find((l) => l.href === `#champ-${field}`);
    assert.match(text, message, `message of ${field}`);
    const facts = await page.locator(`#champ-${field}`).evaluate((e) => ({
      focusable: e.tabIndex >= 0 && !e.disabled,
      labelled: e.labels?.length > 0,
      invalid: e.getAttribute('aria-invalid') ?? e.closest('fieldset')?.getAttribute('aria-invalid'),
      description: [e, e.closest('fieldset')].filter(Boolean)
        .flatMap((x) => (x.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean))
        .map((id) => document.getElementById(id)?.innerText.trim() ?? `(no #${id})`).join(' | '),
    }));
    assert.ok(facts.focusable, `#champ-${field}: the summary links to a control that can take the focus`);
    assert.ok(facts.labelled, `#champ-${field} has a label`);
    assert.equal(facts.invalid, 'true', `#champ-${field} (or its fieldset) has aria-invalid="true"`);
    assert.ok(facts.description.includes(text), `#champ-${field} is described by its error "${text}", got "${facts.description}"`);
  }
}

// A confirmation: its h1, and its text in a role="status" region.
async function assertStatus(page, heading, text) {
  assert.equal(await page.locator('h1').innerText(), heading);
  const status = page.locator('main [role=status]');
  assert.equal(await status.count(), 1, `${page.url()}: one role="status"`);
  assert.match(await status.innerText(), text);
}

async function headerLinks(page) {
  return page.locator('header nav').evaluate((nav) => nav.innerText.replace(/\s+/g, ' ').trim());
}
module.exports = {
  click,
  keyPage,
  pathOf, checkPage, checkNarrow, navigate, keyboard, pointer, assertFormErrors, assertStatus, headerLinks,
};
