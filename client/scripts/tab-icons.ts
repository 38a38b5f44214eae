/**
 * Draws the tab bar icons (81×81 PNG, WeChat's recommended size) from the SVGs below with the
 * headless Chromium the browser tests use. Run once when an icon changes:
 *   npx tsx client/scripts/tab-icons.ts
 * The PNGs are committed; the build does not need Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const OFF = '#3a3a3a';
const ON = '#0b6e3f';

const icons: Record<string, (c: string) => string> = {
  // a chat bubble with a magnifier: looking through the group's messages
  patrol: (c) => `<path d="M10 14h46a6 6 0 0 1 6 6v26a6 6 0 0 1-6 6H30l-12 10v-10h-8a6 6 0 0 1-6-6V20a6 6 0 0 1 6-6z" fill="none" stroke="${c}" stroke-width="6" stroke-linejoin="round"/>
    <circle cx="54" cy="52" r="11" fill="#fff" stroke="${c}" stroke-width="6"/><path d="M62 60l12 12" stroke="${c}" stroke-width="7" stroke-linecap="round"/>`,
  // a map split into cells
  grid: (c) => `<rect x="8" y="8" width="65" height="65" rx="8" fill="none" stroke="${c}" stroke-width="6"/>
    <path d="M40.5 8v65M8 40.5h65" stroke="${c}" stroke-width="6"/><circle cx="24" cy="24" r="6" fill="${c}"/>`,
  // a ballot box
  deliberation: (c) => `<path d="M26 30V8h29v22" fill="none" stroke="${c}" stroke-width="6" stroke-linejoin="round"/>
    <path d="M33 18l5 5 10-10" fill="none" stroke="${c}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
    <rect x="8" y="32" width="65" height="40" rx="6" fill="none" stroke="${c}" stroke-width="6"/><path d="M22 44h37" stroke="${c}" stroke-width="6" stroke-linecap="round"/>`,
  // a coin with a heart: points for good deeds
  ledger: (c) => `<circle cx="40.5" cy="40.5" r="32" fill="none" stroke="${c}" stroke-width="6"/>
    <path d="M40.5 57l-14-14a8.5 8.5 0 0 1 14-9.5a8.5 8.5 0 0 1 14 9.5z" fill="${c}"/>`,
  // a person
  me: (c) => `<circle cx="40.5" cy="26" r="15" fill="none" stroke="${c}" stroke-width="6"/>
    <path d="M12 74c2-17 13-26 28.5-26S67 57 69 74" fill="none" stroke="${c}" stroke-width="6" stroke-linecap="round"/>`,
};

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'cq-icons-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
    viewport: { width: 81, height: 81 },
  });
  try {
    const page = await ctx.newPage();
    const out = join(__dirname, '..', 'src', 'assets', 'tab');
    for (const [name, draw] of Object.entries(icons)) {
      for (const [suffix, colour] of [['', OFF], ['-on', ON]] as const) {
        await page.setContent(
          `<html><body style="margin:0;background:transparent"><svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="0 0 81 81">${draw(colour)}</svg></body></html>`,
        );
        await page.screenshot({ path: join(out, `${name}${suffix}.png`), omitBackground: true, clip: { x: 0, y: 0, width: 81, height: 81 } });
      }
    }
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
