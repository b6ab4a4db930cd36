import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`): Playwright's own download cannot work here. */
const CHROMIUM = '/usr/bin/chromium';

/** `describe` where Chromium is installed; elsewhere `describe.skip`, saying so on stderr. */
export function describeInChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) return describe(name, body);
  process.stderr.write(`${name} skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
  describe.skip(name, body);
}

/** Headless Chromium as every browser test runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Run axe-core in the page. The source goes in through `evaluate` (the DevTools protocol), so our pages' CSP,
 * which refuses inline scripts, stays switched on and is tested too. Returns the serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, because this runs in the page (the test's TypeScript has no DOM types).
  const violations = await page.evaluate<
    AxeViolation[]
  >(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - window.innerWidth)');
}

/**
 * Screenshot the page at desktop and phone width (`<name>.desktop.png`, `<name>.phone.png`), each after a reflow,
 * and check that neither width scrolls sideways. The viewport is left at phone width, as the journey runs.
 */
export async function screenshotBothWidths(
  page: Page,
  dir: string,
  name: string,
  options: { selector?: string } = {},
): Promise<{ desktopOverflow: number; phoneOverflow: number }> {
  // With a selector, only that element is pictured (a form's section); the overflow is still the whole page's.
  const shoot = (file: string) =>
    options.selector
      ? page.locator(options.selector).screenshot({ path: file })
      : page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(DESKTOP);
  await shoot(path.join(dir, `${name}.desktop.png`));
  const desktopOverflow = await sidewaysOverflow(page);
  await page.setViewportSize(PHONE);
  await shoot(path.join(dir, `${name}.phone.png`));
  const phoneOverflow = await sidewaysOverflow(page);
  return { desktopOverflow, phoneOverflow };
}
