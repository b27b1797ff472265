// What a build was made from: the hash of each project file it read. A build is up to date while
// every one of those files still has its hash; a changed import changes the importing file, so new
// files are caught too. Plain JavaScript: bin/dobbeltspor.js checks it before any TypeScript loads.
// Beside each hash the file's size and modification time are kept: a file whose stat is unchanged is
// not read and hashed again, which spares every CLI call hashing its hundred-odd sources.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  const paths = [...new Set(inputs)].sort();
  // The stat is taken before the hash: a file changed in between has a newer stat, and is hashed again.
  const stats = Object.fromEntries(paths.map((p) => [p, statOf(p)]));
  const hashes = Object.fromEntries(paths.map((p) => [p, hashFile(p)]));
  writeFileSync(manifestPath, `${JSON.stringify({ inputs: hashes, stats }, null, 2)}\n`);
}

/** Size and modification time (ns), as one string; undefined for a missing file. */
function statOf(relPath) {
  const s = statSync(join(ROOT, relPath), { bigint: true, throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeNs}` : undefined;
}

/** Why the build behind `manifestPath` is out of date, or undefined when it is up to date. */
export function staleReason(manifestPath) {
  if (!existsSync(manifestPath)) return 'it has not been built yet';
  let inputs;
  let stats;
  try {
    ({ inputs, stats = {} } = JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch {
    return `its manifest ${manifestPath} cannot be read`;
  }
  for (const [path, hash] of Object.entries(inputs)) {
    const stat = statOf(path);
    if (stat === undefined) return `${path} is gone since it was built`;
    if (stat !== stats[path] && hashFile(path) !== hash) return `${path} changed since it was built`;
  }
  return undefined;
}
