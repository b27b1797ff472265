import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache-dir.js';
import { ProvisionError, isExecutable, run, timed, which } from './run.js';

/**
 * Python's `icalendar` and `recurring-ical-events`, the strict second reader of the calendar files
 * the programme sends (test/ics-strict.test.ts). Exact versions, the dependencies included, so every
 * machine reads with the same parser; installed with pip into a venv in the cache directory, once.
 */
export const ICAL_PYTHON_REQUIREMENTS = [
  'icalendar==7.3.0',
  'recurring-ical-events==3.8.2',
  'python-dateutil==2.9.0.post0',
  'six==1.17.0',
  'tzdata==2026.6',
  'x-wr-timezone==2.0.1',
  'click==8.5.1',
  'typing_extensions==4.16.0',
];

/** The venv's python, with both packages importable; created on first use. */
export function ensureIcalPython(): string {
  const dir = cacheDir('python-ical', 'icalendar-7.3.0-recurring-ical-events-3.8.2');
  const python = join(dir, 'bin', 'python');
  const ready = join(dir, '.installed');
  if (existsSync(ready) && isExecutable(python)) return python;
  const system = which('python3') ?? which('python');
  if (!system)
    throw new ProvisionError(
      'The strict calendar check needs python3 (with the venv module) to install icalendar 7.3.0 and recurring-ical-events 3.8.2.',
    );
  rmSync(dir, { recursive: true, force: true });
  try {
    timed('python-ical', 'installing icalendar 7.3.0 and recurring-ical-events 3.8.2 into a venv', () => {
      run(system, ['-m', 'venv', dir]);
      run(python, [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-deps',
        '--only-binary=:all:',
        '--timeout',
        '30',
        ...ICAL_PYTHON_REQUIREMENTS,
      ]);
      run(python, ['-c', 'import icalendar, recurring_ical_events']);
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new ProvisionError(
      `Could not install icalendar 7.3.0 and recurring-ical-events 3.8.2 from PyPI into ${dir}: is PyPI reachable ` +
        `(or PIP_INDEX_URL set to a mirror)?\n${(e as Error).message}`,
    );
  }
  run(python, ['-c', `open(${JSON.stringify(ready)}, "w").write("ok")`]);
  return python;
}
