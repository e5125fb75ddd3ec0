'use strict';
// The layout contract every MSP page honours (see the journey files for the rest).
const assert = require('node:assert/strict');

// Call right after a navigation: it presses Tab once to find the first focusable element.
async function assertPageContract(page) {
  const where = page.url();
  const facts = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title.trim(),
    h1: document.querySelectorAll('h1').length,
    main: !!document.querySelector('main#contenu'),
    header: document.querySelectorAll('header').length,
    footer: document.querySelectorAll('footer').length,
    // Everything but the skip link sits in a landmark (RGAA 9.2.1), so nothing is missed by
    // someone who moves from landmark to landmark.
    outside: [...document.body.children]
      .filter((e) => !['HEADER', 'NAV', 'MAIN', 'ASIDE', 'FOOTER', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE'].includes(e.tagName))
      .filter((e) => !(e.matches('a[href="#contenu"]')))
      .map((e) => e.outerHTML.replace(/\s+/g, ' ').slice(0, 120)),
  }));
  assert.equal(facts.lang, 'fr', `${where}: <html lang="fr">`);
  assert.ok(facts.title, `${where}: non-empty <title>`);
  assert.equal(facts.h1, 1, `${where}: exactly one <h1>`);
  assert.ok(facts.main, `${where}: <main id="contenu">`);
  assert.ok(facts.header >= 1, `${where}: a <header>`);
  assert.ok(facts.footer >= 1, `${where}: a <footer>`);
  assert.deepEqual(facts.outside, [], `${where}: content outside the landmarks`);

  // A page that refuses a form opens on its error summary (autofocus, even without
  // JavaScript): the first thing a screen reader says is what to correct. From the top of the
  // page, the skip link still comes first.
  const summary = await page.evaluate(() => {
    const box = document.querySelector('.error-summary');
    if (!box) return 'none';
    const focused = document.activeElement === box;
    // Back to the top of the page, where the next Tab starts from (blur alone leaves
    // Chromium's starting point on the summary).
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
    return focused ? 'focused' : 'not focused';
  });
  assert.notEqual(summary, 'not focused', `${where}: the error summary should take the focus`);
  // Keyboard users must reach the skip link first (WCAG 2.4.1).
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const facts = { tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), html: el.outerHTML.slice(0, 120) };
    // Leave focus as we found it: a skip link shown on focus may move the layout under later clicks.
    el.blur();
    return facts;
  });
  assert.ok(first.tag === 'a' && first.href === '#contenu',
    `${where}: first focusable element should be the skip link to #contenu, got ${first.html}`);
}

module.exports = { assertPageContract };
