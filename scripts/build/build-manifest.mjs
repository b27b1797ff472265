// What a build was made from: the hash of each project file it read. A build is up to date while
// every one of those files still has its hash; a changed import changes the importing file, so new
// files are caught too. Plain JavaScript: bin/dobbeltspor.js checks it before any TypeScript loads.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function hashFile(relPath) {
  return createHash('sha256')
    .update(readFileSync(join(ROOT, relPath)))
    .digest('hex');
}

/** Records the inputs (paths relative to the checkout) of the build whose manifest is `manifestPath`. */
export function writeBuildManifest(manifestPath, inputs) {
  const hashes = Object.fromEntries([...new Set(inputs)].sort().map((p) => [p, hashFile(p)]));
  writeFileSync(manifestPath, `${JSON.stringify({ inputs: hashes }, null, 2)}\n`);
}

/** Why the build behind `manifestPath` is out of date, or undefined when it is up to date. */
export function staleReason(manifestPath) {
  if (!existsSync(manifestPath)) return 'it has not been built yet';
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(manifestPath, 'utf8')).inputs;
  } catch {
    return `its manifest ${manifestPath} cannot be read`;
  }
  for (const [path, hash] of Object.entries(inputs)) {
    if (!existsSync(join(ROOT, path))) return `${path} is gone since it was built`;
    if (hashFile(path) !== hash) return `${path} changed since it was built`;
  }
  return undefined;
}
