'use strict';
// Lighthouse (npm `lighthouse`, pinned 12.2.3: 13 wants Node 22) on the four public page types
// a candidate meets first: the home page, the search, an offer and its application form.
//
//   MSP_BASE_URL=http://127.0.0.1:8080 node e2e/lighthouse.js            # CI: asserts 100s
//   MSP_BASE_URL=http://127.0.0.1:8080 node e2e/lighthouse.js --report   # bench: scores only
//
// Accessibility, best practices and SEO must score 100: a lower score fails with the failing
// audits' ids and titles. Performance is a timing, printed and never asserted (bench/run
// reports it). Lighthouse's mobile preset (a 412 px wide phone, simulated slow CPU and
// network): most candidates look for a job on a phone, and the simulated throttling (Lantern)
// computes the slowdown instead of waiting for it, so a run costs no more than the desktop one.
// Reports (HTML and JSON) go to MSP_LIGHTHOUSE_DIR, by default target/e2e/lighthouse/, a CI
// artefact. Debian's Chromium, started by chrome-launcher; nothing leaves 127.0.0.1.
const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM = process.env.MSP_CHROMIUM || '/usr/bin/chromium';
const OUT = process.env.MSP_LIGHTHOUSE_DIR || path.join(__dirname, '..', 'target', 'e2e', 'lighthouse');
const ASSERTED = ['accessibility', 'best-practices', 'seo'];
const CATEGORIES = ['performance', ...ASSERTED];
const PER_PAGE_MS = 120_000; // far above a run (about 10 s): a stuck run fails instead of hanging CI

function withTimeout(ms, what, promise) {
  let timer;
  const expiry = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

// The four pages; the offer is the first one the search lists.
async function pagesOf(base) {
  const response = await fetch(`${base}/offres`);
  if (!response.ok) throw new Error(`GET ${base}/offres answered ${response.status}`);
  const slug = /href="\/offres\/([^"/?#.]+)"/.exec(await response.text())?.[1];
  if (!slug) throw new Error(`no offer listed on ${base}/offres`);
  return [
    ['accueil', '/'],
    ['offres', '/offres'],
    ['offre', `/offres/${slug}`],
    ['candidature', `/offres/${slug}/candidater`],
  ];
}

// The audits that cost points in a category: weighted, scored, below 1.
function failingAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => `${audit.id}: ${audit.title}${explain(audit)}`);
}

// The first elements or URLs an audit points at, to find them without opening the report.
function explain(audit) {
  const items = audit.details?.items ?? [];
  const where = items.slice(0, 3).map((item) => item.node?.snippet ?? item.url ?? item.source?.url ?? item.description)
    .filter(Boolean);
  return where.length ? `\n      ${where.map((w) => String(w).slice(0, 160)).join('\n      ')}` : '';
}

async function main() {
  const base = process.env.MSP_BASE_URL;
  if (!base) throw new Error('MSP_BASE_URL is not set (scripts/e2e and bench/run set it)');
  const assert = !process.argv.includes('--report');
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  fs.mkdirSync(OUT, { recursive: true });

  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    // chrome-launcher adds its own quiet flags (no background networking, no component
    // updates, no first-run): the browser makes no call of its own.
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const failures = [];
  const rows = [];
  try {
    for (const [name, pagePath] of await pagesOf(base)) {
      const url = `${base}${pagePath}`;
      const result = await withTimeout(PER_PAGE_MS, `Lighthouse on ${url}`, lighthouse(url, {
        port: chrome.port,
        output: ['html', 'json'],
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        maxWaitForLoad: 30_000,
      }));
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const [html, json] = result.report;
      fs.writeFileSync(path.join(OUT, `${name}.html`), html);
      fs.writeFileSync(path.join(OUT, `${name}.json`), json);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (c) => (lhr.categories[c].score === null ? '?' : Math.round(lhr.categories[c].score * 100));
      rows.push(`${name.padEnd(12)} ${CATEGORIES.map((c) => String(score(c)).padStart(5)).join(' ')}   ${pagePath}`);
      for (const category of ASSERTED) {
        if (lhr.categories[category].score === 1) continue;
        failures.push(`${pagePath}: ${category} ${score(category)}\n    ${failingAudits(lhr, category).join('\n    ') || '(no weighted audit below 1)'}`);
      }
    }
  } finally {
    await chrome.kill();
  }
  console.log(`Lighthouse 12.2.3, mobile preset (reports in ${OUT})`);
  console.log(`${'page'.padEnd(12)} ${['perf.', 'a11y', 'b.p.', 'seo'].map((h) => h.padStart(5)).join(' ')}   address`);
  for (const row of rows) console.log(row);
  if (assert && failures.length) {
    console.error(`\nLighthouse: below 100 in ${ASSERTED.join(', ')}:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`e2e/lighthouse.js: ${error.stack || error}`);
  process.exitCode = 1;
});
