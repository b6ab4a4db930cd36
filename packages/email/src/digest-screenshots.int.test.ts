import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createRenderer } from './create-renderer';
import { largestDigestData, sampleTemplateData } from './sample-data';

const CHROMIUM = '/usr/bin/chromium';
const OUT_DIR = path.resolve(__dirname, '../../../artifacts/screenshots');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  // Visible in the test output, so a skipped run is never mistaken for a pass.
  process.stderr.write(`digest screenshots skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
}

(haveChromium ? describe : describe.skip)('digest screenshots in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    await mkdir(OUT_DIR, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['phone', 375],
    ['desktop', 1024],
  ] as const)(
    'renders the sample digest at %s width (%ipx) without horizontal scrolling',
    async (label, width) => {
      const renderer = await createRenderer();
      const { html } = renderer.render('digest', sampleTemplateData('digest'));
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        // Block every request: an email must look right without loading anything.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        // A string, because this package is compiled without the DOM types.
        const layout = await page.evaluate<{ scrollWidth: number; cardWidth: number; highlights: number }>(`({
        scrollWidth: document.documentElement.scrollWidth,
        cardWidth: Math.round(document.querySelector('a[href*="/questions/"]').closest('table').getBoundingClientRect().width),
        highlights: document.querySelectorAll('b[style*="background-color:#fff0a0"]').length,
      })`);
        expect(layout.scrollWidth).toBeLessThanOrEqual(width);
        expect(layout.cardWidth).toBeGreaterThan(Math.min(width, 600) * 0.75);
        expect(layout.highlights).toBeGreaterThan(10);
        const file = path.join(OUT_DIR, `digest-${label}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect((await stat(file)).size).toBeGreaterThan(10_000);
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it.each([
    ['phone', 390],
    ['desktop', 1280],
  ] as const)(
    'renders the largest digest, cut to its size budget, at %s width (%ipx): "See all" links, listed alerts and the unsubscribe link',
    async (label, width) => {
      const renderer = await createRenderer();
      const data = largestDigestData();
      const { html } = renderer.render('digest', data);
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        const layout = await page.evaluate<{
          scrollWidth: number;
          seeAll: number;
          listed: number;
          unsubscribe: number;
        }>(`({
        scrollWidth: document.documentElement.scrollWidth,
        seeAll: [...document.querySelectorAll('a')].filter((a) => /^See all \\d+ for .+ on the web$/.test(a.textContent)).length,
        listed: document.querySelectorAll('a[href*="/more?match"]').length,
        unsubscribe: [...document.querySelectorAll('a')].filter((a) => a.textContent === 'Unsubscribe' && a.getBoundingClientRect().width > 0).length,
      })`);
        expect(layout.scrollWidth).toBeLessThanOrEqual(width);
        expect(layout.seeAll).toBeGreaterThan(0);
        expect(layout.listed).toBe(data.alerts.length); // every alert links to its page, with cards or as a line
        expect(layout.unsubscribe).toBe(1);
        await page.screenshot({ path: path.join(OUT_DIR, `largest-digest-${label}-${width}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});
