// Headless Chromium as the tests open it: the machine's browser (the global setup's path) in a fresh
// profile of its own, removed again on close, with nothing in the background that reaches out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  browser: BrowserContext;
  /** The browser's first tab. */
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Opens headless Chromium; `context` sets what a person's browser would (viewport, time zone, language). */
export async function openChromium(
  context: Omit<Parameters<typeof chromium.launchPersistentContext>[1], keyof LaunchOptions> = {},
): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'dobbeltspor-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(profile, {
      ...context,
      executablePath: inject('chromiumPath'),
      headless: true,
      args: ARGS,
    });
  } catch (e) {
    removeProfile();
    throw e;
  }
  const page = browser.pages()[0] ?? (await browser.newPage());
  return {
    browser,
    page,
    async close() {
      await browser.close();
      removeProfile();
    },
  };
}
