// What the compiled CLI (dist/cli: the bundle main.cjs, run by bin/dobbeltspor.js with its code cache)
// runs before a command asks for more: `--help` and every command start from the bundle's top-level
// code and the modules it initialises, so zod (and the configuration built on it) must stay out of
// them, and zod's locales other than English out of the build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/build/build-manifest.mjs';
import { compileBundle } from '../scripts/build/cached-bundle.mjs';
import { compiledEntry, ensureCompiled } from '../scripts/build/ensure-compiled.mjs';

const DIST = join(ROOT, 'dist', 'cli');
const BUNDLE = join(DIST, 'main.cjs');

/**
 * The modules the bundle initialises as it loads. esbuild wraps a module imported lazily in
 * `var init_x = __esm({ "<path>"() { … } })`; a module initialises the modules it imports statically
 * with `init_y();` statements (a dynamic import is `(init_y(), y_exports)` inside a function), and
 * the top-level code with the same statements at column 0.
 */
function initialisedAtLoad(text: string): Set<string> {
  const sections = text.split(/^(?=\/\/ \S+$)/m);
  const pathOf = new Map<string, string>();
  const depsOf = new Map<string, string[]>();
  for (const section of sections) {
    for (const wrapped of section.matchAll(/^var (init_\w+) = __esm\(\{\n\s+"([^"]+)"\(\) \{\n([\s\S]*?)^\}\);$/gm)) {
      pathOf.set(wrapped[1]!, wrapped[2]!);
      depsOf.set(
        wrapped[1]!,
        [...wrapped[3]!.matchAll(/^ {4}(init_\w+)\(\);$/gm)].map((m) => m[1]!),
      );
    }
  }
  const seen = new Set<string>();
  const visit = (init: string) => {
    if (seen.has(init)) return;
    seen.add(init);
    for (const dep of depsOf.get(init) ?? []) visit(dep);
  };
  for (const [, init] of text.matchAll(/^(init_\w+)\(\);$/gm)) visit(init!);
  return new Set([...seen].map((init) => pathOf.get(init) ?? init));
}

describe('the compiled CLI', () => {
  expect(ensureCompiled('cli')).toBeUndefined();

  it('starts without zod or the configuration: they load when a command needs them', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    const loaded = [...initialisedAtLoad(text)];
    expect(loaded).toContain('client/operations/operation-error.ts');
    expect(loaded.filter((p) => p.startsWith('node_modules/zod/') || p === 'config/index.ts')).toEqual([]);
    // Both are in the bundle, behind a lazy import.
    expect(text).toMatch(/^var init_zod = __esm\(\{\n\s+"node_modules\/zod\/index\.js"/m);
    expect(text).toMatch(/^var init_config = __esm\(\{\n\s+"config\/index\.ts"/m);
    expect(compiledEntry('cli')).toBe(join(DIST, 'main.js'));
  });

  it('bundles zod with its English messages only, not its other locales', () => {
    const sources = [...readFileSync(BUNDLE, 'utf8').matchAll(/^\/\/ (node_modules\/zod\/\S+)$/gm)].map((m) => m[1]!);
    expect(sources).toContain('node_modules/zod/v4/locales/en.js');
    expect(sources.filter((s) => s.includes('/locales/') && !s.endsWith('/en.js'))).toEqual([]);
  });

  it('comes with a code cache of its own build that V8 takes', () => {
    const { script, cacheFile, cached } = compileBundle(BUNDLE);
    expect(existsSync(cacheFile), cacheFile).toBe(true);
    expect(cached).toBe(true);
    expect(script.cachedDataRejected).toBe(false);
  });
});
