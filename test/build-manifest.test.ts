// The build manifest behind bin/dobbeltspor.js's check for a stale CLI: a file whose size and
// modification time are unchanged is not hashed again; any other file is judged by its content.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, staleReason, writeBuildManifest } from '../scripts/build/build-manifest.mjs';

describe('build manifest', () => {
  const dir = mkdtempSync(join(ROOT, '.build-manifest-test-'));
  const manifest = join(mkdtempSync(join(tmpdir(), 'dobbeltspor-manifest-')), 'manifest.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = join(dir, 'source.ts');
  const rel = relative(ROOT, source);

  it('is up to date until a source changes; a source touched without a change keeps it up to date', () => {
    writeFileSync(source, 'export const a = 1;\n');
    writeBuildManifest(manifest, [rel]);
    expect(staleReason(manifest)).toBeUndefined();
    // Written again with the same content, later: the stat differs, the hash does not.
    writeFileSync(source, 'export const a = 1;\n');
    utimesSync(source, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    expect(staleReason(manifest)).toBeUndefined();
    // The same size, another content.
    writeFileSync(source, 'export const a = 2;\n');
    utimesSync(source, new Date(Date.now() + 10_000), new Date(Date.now() + 10_000));
    expect(staleReason(manifest)).toBe(`${rel} changed since it was built`);
    rmSync(source);
    expect(staleReason(manifest)).toBe(`${rel} is gone since it was built`);
  });
});
