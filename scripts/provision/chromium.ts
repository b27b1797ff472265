import { existsSync } from 'node:fs';
import { isExecutable, log, ProvisionError, run, timed } from './run.js';

const DEBIAN_PATH = '/usr/bin/chromium';

/**
 * Finds a headless-capable Chromium for the console's browser test: CHROMIUM_PATH, else Debian's
 * package at /usr/bin/chromium, installed with apt-get when running as root. playwright-core drives
 * it; Playwright's own browser downloads are never used.
 */
export function ensureChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new ProvisionError(`CHROMIUM_PATH=${configured} is not an executable file.`);
    return configured;
  }
  if (isExecutable(DEBIAN_PATH)) return DEBIAN_PATH;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    try {
      timed('chromium', 'apt-get install chromium', () => {
        run('apt-get', ['update', '-qq'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
        run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
      });
    } catch (e) {
      log('chromium', (e as Error).message);
    }
    if (isExecutable(DEBIAN_PATH)) return DEBIAN_PATH;
  }
  throw new ProvisionError(
    "The console test needs Chromium. Install Debian's package (as root: apt-get install chromium) " +
      'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
  );
}
