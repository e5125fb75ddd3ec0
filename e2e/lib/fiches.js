'use strict';
// The fiche editor's fields "À vérifier" (issue 21): the recruiter reads each step holding
// some, ticks "J'ai vérifié ce champ" under each with the keyboard alone (Tab to the box,
// Space), and saves the step (Space on "Enregistrer le brouillon").
const assert = require('node:assert/strict');
const { navigate, keyboard, checkPage } = require('./pages');

async function confirmFlagged(page, fiche) {
  for (let step = 1; step <= 6; step++) {
    await page.goto(`${fiche}/modifier?etape=${step}`);
    const boxes = await page.locator('main input[type=checkbox][name=verifie]').evaluateAll((bs) => bs.map((b) => b.id));
    if (boxes.length === 0) continue;
    await checkPage(page, `${fiche}/modifier?etape=${step} (à vérifier)`);
    for (const id of boxes) {
      await keyboard.focus(page, `#${id}`);
      await page.keyboard.press('Space');
      assert.ok(await page.locator(`#${id}`).isChecked(), `#${id} ticked with Space`);
    }
    await navigate(page, () => keyboard.activate(page, { selector: 'main form button', text: /^Enregistrer le brouillon$/ }));
    assert.equal(await page.locator('main input[name=verifie]').count(), 0, `step ${step}: every field confirmed`);
  }
}

module.exports = { confirmFlagged };
