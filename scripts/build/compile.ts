// Compiles the entry points users start (the coordinator CLI, client/cli/main.ts, and the worker,
// worker/main.ts) with every project file they import, the generated Prisma client included, to
// JavaScript in dist/<name>, so `npx dobbeltspor` answers and `npm run worker` starts without
// compiling TypeScript at every call. `npm run build` (both, or those named); `npm install`,
// `npm start`, the test provisioning, bin/dobbeltspor.js and `npm run worker` run it when a build is
// out of date (scripts/build/ensure-compiled.mjs).
import { readFile } from 'node:fs/promises';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { ensurePrismaClient } from '../provision/generate-client.js';
import { ROOT, writeBuildManifest } from './build-manifest.mjs';

/** What is compiled: dist/<name>/main.js from each source entry. */
export const ENTRIES = { cli: 'client/cli/main.ts', worker: 'worker/main.ts' } as const;
export type EntryName = keyof typeof ENTRIES;

/**
 * Sources find their data files relative to themselves (`new URL('../../programmes/', import.meta.url)`):
 * in the bundle each keeps its own location, written relative to dist/<name> so the checkout may move.
 */
function sourceLocations(outDir: string): Plugin {
  return {
    name: 'source-locations',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mjs)$/ }, async ({ path }) => {
        if (path.split(sep).includes('node_modules')) return undefined;
        const fromOut = relative(outDir, path).split(sep).join('/');
        const contents = (await readFile(path, 'utf8')).replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`,
        );
        return { contents, loader: path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

/**
 * Packages bundled in: zod and yaml, pure ES modules, on the path of every command that reads a file;
 * loading their files one by one cost a third of `programme validate`. CommonJS packages stay outside:
 * bundled, a dynamic `import()` of one yields only its default export.
 */
const BUNDLED_PACKAGES = new Set(['zod', 'yaml']);
/** yaml's ES module build; Node's resolution picks its CommonJS one. The same code, compiled twice. */
const ES_MODULE_BUILDS: Record<string, string> = { yaml: join(ROOT, 'node_modules', 'yaml', 'browser', 'index.js') };

/** Every other npm package loads from node_modules, when the command that needs it runs. */
function packagesOutside(bundled: Set<string>): Plugin {
  return {
    name: 'packages-outside',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, ({ path }) => {
        const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!;
        if (!bundled.has(name)) return { path, external: true };
        return path === name && ES_MODULE_BUILDS[name] ? { path: ES_MODULE_BUILDS[name] } : undefined;
      });
    },
  };
}

/**
 * zod's index of its 60-odd locales, re-exported as `z.locales`, made most of `--help`'s load. The
 * project speaks zod's default English (registered by zod itself from locales/en.js) and picks no other
 * locale, so the index is built with English alone.
 */
function englishZodLocales(): Plugin {
  const zodDir = join(ROOT, 'node_modules', 'zod');
  return {
    name: 'english-zod-locales',
    setup(b) {
      b.onResolve({ filter: /\/locales\/index\.js$/ }, ({ path, importer }) =>
        importer.startsWith(zodDir + sep) ? { path: join(dirname(importer), path), namespace: 'zod-locales' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, ({ path }) => ({
        contents: `export { default as en } from ${JSON.stringify(join(dirname(path), 'en.js'))};`,
        resolveDir: dirname(path),
        loader: 'js',
      }));
    },
  };
}

export async function compile(name: EntryName): Promise<void> {
  const outDir = join(ROOT, 'dist', name);
  // The entries' static imports include the generated client, which must exist and match schema.prisma.
  ensurePrismaClient();
  // Built aside and swapped in whole, so a process started meanwhile never sees half a build.
  const building = `${outDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: ENTRIES[name] },
    outdir: building,
    bundle: true,
    // The commands import their operations lazily: split chunks keep `--help` from loading Temporal and Prisma.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [englishZodLocales(), sourceLocations(outDir), packagesOutside(BUNDLED_PACKAGES)],
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.split('/').includes('node_modules'));
  writeBuildManifest(join(building, 'manifest.json'), [...inputs, 'prisma/schema.prisma']);
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  renameSync(building, outDir);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in ENTRIES));
  if (unknown.length > 0) {
    console.error(`usage: npm run build [-- ${Object.keys(ENTRIES).join('|')} …]; unknown: ${unknown.join(', ')}`);
    process.exit(2);
  }
  for (const name of (names.length > 0 ? names : Object.keys(ENTRIES)) as EntryName[]) {
    const started = Date.now();
    await compile(name);
    console.error(`[build] compiled ${ENTRIES[name]} to dist/${name}/main.js in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
