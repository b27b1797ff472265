// What the compiled CLI (dist/cli, run by bin/dobbeltspor.js) loads before a command asks for more:
// `--help` and every command start from main.js and the chunks it imports statically, so zod (and the
// configuration built on it) must stay out of them, and zod's locales other than English out of the build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/build/build-manifest.mjs';
import { compiledEntry, ensureCompiled } from '../scripts/build/ensure-compiled.mjs';

const DIST = join(ROOT, 'dist', 'cli');

/** The files main.js loads at start: its static imports, followed through the chunks. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(DIST, file), 'utf8');
  // Static imports only: `import … from "./x.js"`; a dynamic `import("./x.js")` loads when its command runs.
  for (const [, dep] of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"/gms)) staticClosure(dep!, seen);
  return seen;
}

describe('the compiled CLI', () => {
  expect(ensureCompiled('cli')).toBeUndefined();

  it('starts without zod or the configuration: they load when a command needs them', () => {
    const loaded = [...staticClosure('main.js')];
    expect(loaded.length).toBeGreaterThan(1);
    for (const file of loaded) {
      const text = readFileSync(join(DIST, file), 'utf8');
      expect(text, file).not.toMatch(/^\/\/ node_modules\/zod\//m);
      expect(text, file).not.toMatch(/^\/\/ config\/index\.ts$/m);
    }
    expect(compiledEntry('cli')).toBe(join(DIST, 'main.js'));
  });

  it('bundles zod with its English messages only, not its other locales', () => {
    const sources = readdirSync(DIST)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => [...readFileSync(join(DIST, f), 'utf8').matchAll(/^\/\/ (node_modules\/zod\/\S+)$/gm)].map((m) => m[1]!));
    expect(sources).toContain('node_modules/zod/v4/locales/en.js');
    expect(sources.filter((s) => s.includes('/locales/') && !s.endsWith('/en.js'))).toEqual([]);
  });
});
