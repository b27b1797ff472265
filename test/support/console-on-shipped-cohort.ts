// Where the console journeys start: the shipped klynge-1-2019 file started through the API for next
// year on the time-skipping server, with the real worker; the API listening on a port of its own; and
// headless Chromium set to English in New York, where the console must still speak Danish and show
// Danish time. Every action asks first and the person says yes: the questions are kept in `dialogs`.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { localDateAt } from '../../domain/calendar.js';
import { openChromium } from './chromium.js';
import { startStackWithApi, type StackWithApi } from './stack-with-api.js';

export interface ConsoleOnShippedCohort extends StackWithApi {
  baseUrl: string;
  browser: BrowserContext;
  page: Page;
  /** The questions the pages asked, in order. */
  dialogs: string[];
}

/** Starts the cohort as the coordinator with this bearer token, then opens the browser. */
export async function startConsoleOnShippedCohort(coordinator: string): Promise<ConsoleOnShippedCohort> {
  const stack = await startStackWithApi();
  try {
    const { h, app } = stack;
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const year = Number(localDateAt(Number(await h.env.currentTimeMs())).slice(0, 4)) + 1;
    const started = await app.inject({
      method: 'POST',
      url: '/api/cohorts',
      headers: { authorization: `Bearer ${coordinator}` },
      payload: { file: 'klynge-1-2019.yaml', year },
    });
    expect(started.statusCode, started.body).toBe(201);
    const chromium = await openChromium({
      viewport: { width: 1440, height: 1000 },
      timezoneId: 'America/New_York',
      locale: 'en-US',
    });
    const dialogs: string[] = [];
    chromium.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    return {
      ...stack,
      baseUrl,
      browser: chromium.browser,
      page: chromium.page,
      dialogs,
      async close() {
        await chromium.close();
        await stack.close();
      },
    };
  } catch (e) {
    await stack.close();
    throw e;
  }
}
