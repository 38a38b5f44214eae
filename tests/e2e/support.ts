/**
 * Browser-test plumbing: the H5 build (rebuilt when older than client/), Debian's Chromium through
 * playwright-core with a fresh profile per context, and small page helpers that wait for text the
 * way a person would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureClientBuild } from '../../scripts/client-build';
import type { Emulator } from '../../emulator';
import { startDemoEmulator } from '../../demo/start-demo';

export const ROOT = join(__dirname, '..', '..');
export const H5_DIST = join(ROOT, 'dist', 'h5');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Builds dist/h5 when missing or stale (jest's global setup has normally done it already). */
export function ensureH5Build(): void {
  ensureClientBuild('h5');
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * One person's phone: a fresh Chromium profile (no token, no 长辈模式 choice), 390×844. With `microphone`,
 * Chromium lends a fake one and grants it (the voice note).
 */
export async function openBrowser(options: { microphone?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'cunqun-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      ...(options.microphone ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] : []),
    ],
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    permissions: options.microphone ? ['microphone'] : [],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as any).__errors = errors;
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface DemoSite {
  /** the emulator serving the site (started before the file's tests) */
  readonly emu: Emulator;
  readonly url: string;
  /** a fresh phone, closed after the file's tests */
  phone(options?: { microphone?: boolean }): Promise<Browser>;
  /** a fresh phone logged in as the persona shown as `label` */
  login(label: string, options?: { microphone?: boolean }): Promise<Page>;
}

/** The demo site for one test file: started before its tests; it and every phone opened on it closed after. */
export function useDemoSite(): DemoSite {
  let emu: Emulator | undefined;
  const phones: Browser[] = [];
  beforeAll(async () => {
    emu = await startDemoSite();
  }, 600_000);
  afterAll(async () => {
    for (const b of phones) await b.close().catch(() => undefined);
    await emu?.close();
  });
  const started = (): Emulator => {
    if (!emu) throw new Error('the demo site starts in beforeAll');
    return emu;
  };
  const phone = async (options?: { microphone?: boolean }) => {
    const b = await openBrowser(options);
    phones.push(b);
    return b;
  };
  return {
    get emu() {
      return started();
    },
    get url() {
      return started().url;
    },
    phone,
    async login(label, options) {
      const b = await phone(options);
      await loginAs(b.page, started().url, label);
      return b.page;
    },
  };
}

/** The H5 build served by an emulator with the demo township seeded. */
async function startDemoSite(): Promise<Emulator> {
  ensureH5Build();
  return (await startDemoEmulator({ staticDir: H5_DIST })).emu;
}

/** Opens the app, which sends a fresh profile to the persona picker, and logs in as `label`. */
export async function loginAs(page: Page, siteUrl: string, label: string): Promise<void> {
  await page.goto(siteUrl);
  await see(page, '选择演示身份');
  await tap(page, label);
  await page.waitForURL(/pages\/patrol\/index/, { timeout: 15_000 });
}

/** Types into the text area an AreaField names. */
export async function fillArea(page: Page, name: string, value: string): Promise<void> {
  const area = page.locator(`[data-field="${name}"] textarea, textarea[data-field="${name}"]`).filter({ visible: true }).first();
  await area.waitFor({ state: 'visible', timeout: 15_000 });
  await area.fill(value);
}

/** The visible element with data-testid `id`, once it shows. */
export async function byTestId(page: Page, id: string) {
  const el = page.locator(`[data-testid="${id}"]`).filter({ visible: true }).first();
  await el.waitFor({ state: 'visible', timeout: 15_000 });
  return el;
}

export function pageErrors(page: Page): string[] {
  return (page as any).__errors ?? [];
}

/** Waits until `text` is visible on the page. */
export async function see(page: Page, text: string, timeout = 15_000): Promise<void> {
  // Taro's H5 keeps earlier pages (and a hidden navigation bar) in the DOM: only what shows counts.
  try {
    await page.getByText(text, { exact: false }).filter({ visible: true }).first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    await snapshotFailure(page, `see-${text}`);
    throw e;
  }
}

let failures = 0;
/** On a failed wait, keep what the screen showed (dist/e2e/failure-*.png) for whoever reads the CI log. */
async function snapshotFailure(page: Page, what: string): Promise<void> {
  const file = join(ROOT, 'dist', 'e2e', `failure-${++failures}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  // eslint-disable-next-line no-console
  console.error(`e2e: “${what}” not found; screen saved to ${file}; url ${page.url()}`);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Taps the button (our .cq-btn) or row (.cq-row) showing `text`. */
export async function tap(page: Page, text: string): Promise<void> {
  const candidates = page.locator('.cq-btn, .cq-row, .cq-read', { hasText: text }).filter({ visible: true });
  try {
    await candidates.first().waitFor({ state: 'visible', timeout: 15_000 });
  } catch (e) {
    await snapshotFailure(page, `tap-${text}`);
    throw e;
  }
  // A button whose whole label is the text beats a row that merely mentions it.
  const exact = candidates.filter({ hasText: new RegExp(`^\\s*${escapeRe(text)}\\s*$`) });
  // Under load the page that is leaving can still show a row mentioning the text while the next page
  // slides in (the due list's row says 待受理 while the ticket's 受理 button appears): a click that finds
  // its target hidden gives up quickly and the choice is made again on what shows now.
  for (let attempt = 1; ; attempt++) {
    const target = (await exact.count()) > 0 ? exact.first() : candidates.first();
    try {
      await target.click({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 4) {
        await snapshotFailure(page, `tap-${text}`);
        throw e;
      }
    }
  }
}

/** Types into the field named `name` (TextField passes name to the native input). */
export async function fill(page: Page, name: string, value: string): Promise<void> {
  const input = page.locator(`input[name="${name}"]`).filter({ visible: true }).first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(value);
}

export async function go(page: Page, baseUrl: string, route: string): Promise<void> {
  // Only the hash changing is a same-document navigation (goto answers null): Taro's H5 router then
  // stacks the page over the ones already open and, under load, has been seen to show none of them.
  // A fresh load of the document opens exactly the page asked for, as a user's link would.
  const response = await page.goto(`${baseUrl}/#${route}`);
  if (response === null) await page.reload();
}

/** WCAG relative luminance contrast of two rgb()/rgba() colours. */
export function contrast(fg: string, bg: string): number {
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
  const lum = (rgb: number[]) => {
    const [r, g, b] = rgb.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(parse(fg)), lum(parse(bg))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/** Taps a button of the modal Taro.showModal puts up in the browser build. */
export async function answerModal(page: Page, text: string): Promise<void> {
  const button = page.locator('.taro-model__btn', { hasText: text }).filter({ visible: true }).first();
  await button.waitFor({ state: 'visible', timeout: 15_000 });
  await button.click();
}
