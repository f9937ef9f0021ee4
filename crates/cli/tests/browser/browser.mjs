// The web UI in a real browser: Debian's Chromium driven by Playwright.
//
//   node browser.mjs BASE_URL MARKUP_URL SCREENSHOT_DIR
//
// BASE_URL serves the seeds and corpus; MARKUP_URL holds a record whose title,
// criteria and sponsor are HTML and script (stored by the Rust test). Prints one line
// per check; exits 1 at the first that fails. Screenshots of every page go to
// SCREENSHOT_DIR. Run by crates/cli/tests/api/browser.rs.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, markupBase, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // As root in a container, with no network beyond localhost.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

function check(name, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) {
    browser.close().finally(() => process.exit(1));
    throw new Error(name);
  }
}

const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const summaryCount = async (page) => Number((await page.textContent('p.summary')).trim().split(' ')[0]);

const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
const dialogs = [];
page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
const scriptErrors = [];
page.on('pageerror', (error) => scriptErrors.push(String(error)));

// Search.
await page.goto(`${base}/?cond=cancer`);
check('search: a title', (await page.title()).endsWith('studies · trialdex'), await page.title());
const total = await summaryCount(page);
check('search: results listed', (await page.locator('li.hit').count()) === 20 && total > 20, `${total} found`);
await shot(page, 'search');

// Every form field has a label.
const unlabelled = await page.evaluate(() =>
  [...document.querySelectorAll('input, select')].filter((e) => e.labels.length === 0).map((e) => e.name));
check('search: every field labelled', unlabelled.length === 0, unlabelled.join(', '));

// Keyboard: the skip link first, then the site's links, then the search box.
await page.keyboard.press('Tab');
check('keyboard: skip link first', await page.evaluate(() => document.activeElement.classList.contains('skip')));
for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
check('keyboard: then the search box', await page.evaluate(() => document.activeElement.id === 'q'),
  await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80)));

// A facet narrows the results to the count it showed.
const facet = page.locator('aside.facets section', { hasText: 'Status' }).locator('li').first();
const facetCount = Number(await facet.locator('.count').textContent());
const facetLabel = (await facet.locator('a').textContent()).trim();
await Promise.all([page.waitForNavigation(), facet.locator('a').click()]);
check('facet: narrows to its count', (await summaryCount(page)) === facetCount, `${facetLabel}: ${facetCount}`);
check('facet: in the URL', page.url().includes('status='), page.url());
await shot(page, 'facet');

// Pages.
await page.goto(`${base}/?cond=cancer`);
await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
check('paging: page 2', (await page.textContent('nav.pages span[aria-current=page]')) === '2');
await shot(page, 'page-2');

// Download every result as CSV.
const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
check('download: CSV header', csv[0].startsWith('NCT Number,Study Title'), csv[0].slice(0, 40));
check('download: every result, not a page', csv.length - 1 >= total, `${csv.length - 1} rows of ${total}`);

// A study and its history.
const first = page.locator('li.hit h3 a').first();
const firstTitle = (await first.textContent()).trim();
await Promise.all([page.waitForNavigation(), first.click()]);
check('study: its title', (await page.textContent('h1')).trim() === firstTitle, firstTitle);
check('study: its sections', (await page.locator('section.fields h2').count()) >= 5);
await shot(page, 'study');
await Promise.all([page.waitForNavigation(), page.click('nav.tabs >> text=History')]);
check('history: the versions', await page.isVisible('table.versions'));
await shot(page, 'history');

// Chinese.
await page.goto(`${base}/?q=${encodeURIComponent('再生障碍性贫血')}`);
check('chinese: the ChiCTR trial found', await page.isVisible('a[href="/study/chictr:ChiCTR2600117810"]'));
await page.goto(`${base}/study/ChiCTR2600117810`);
check('chinese: the original text shown', (await page.textContent('table.bilingual')).includes('再生障碍性贫血'));
await shot(page, 'study-chinese');

// Charts.
await page.goto(`${base}/stats`);
check('charts: drawn', (await page.locator('figure.chart svg').count()) >= 5);
await shot(page, 'charts');

// A record full of markup: shown as text, nothing runs.
await page.goto(`${markupBase}/study/NCT00007696`);
check('markup: the title shown as text', (await page.textContent('h1')).includes('<script>alert(1)</script>'));
check('markup: no image made from the criteria', (await page.locator('img').count()) === 0);
check('markup: no javascript: link', (await page.locator('a[href^="javascript:"]').count()) === 0);
await shot(page, 'markup');
check('markup: no dialog opened, no script ran', dialogs.length === 0 && scriptErrors.length === 0,
  [...dialogs, ...scriptErrors].join('; '));

// Phone width.
const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
await phone.goto(`${base}/?cond=breast%20cancer`);
const overflow = await phone.evaluate(() => document.documentElement.scrollWidth);
check('phone: nothing wider than the screen', overflow <= 390, `${overflow}px`);
await shot(phone, 'phone-search');
await phone.goto(`${base}/study/NCT05281068`);
check('phone: study page fits', (await phone.evaluate(() => document.documentElement.scrollWidth)) <= 390);
await shot(phone, 'phone-study');

await browser.close();
console.log('all browser checks passed');
