// Compiles the entry points users start (the coordinator CLI, client/cli/main.ts, and the worker,
// worker/main.ts) with every project file they import, the generated Prisma client included, to
// JavaScript in dist/<name>, so `npx dobbeltspor` answers and `npm run worker` starts without
// compiling TypeScript at every call. `npm run build` (both, or those named); `npm install`,
// `npm start`, the test provisioning, bin/dobbeltspor.js and `npm run worker` run it when a build is
// out of date (scripts/build/ensure-compiled.mjs).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
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
 * Packages bundled in: zod, yaml and js-yaml, pure ES modules, on the path of every command that reads a file;
 * loading their files one by one cost a third of `programme validate`. CommonJS packages stay outside:
 * bundled, a dynamic `import()` of one yields only its default export.
 */
const BUNDLED_PACKAGES = new Set(['zod', 'yaml', 'js-yaml']);
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
  const shared: BuildOptions = {
    absWorkingDir: ROOT,
    entryPoints: { main: ENTRIES[name] },
    outdir: building,
    bundle: true,
    platform: 'node',
    target: 'node20',
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  };
  const result =
    name === 'cli'
      ? await build({
          ...shared,
          ...cachedBundleOptions(),
          plugins: [englishZodLocales(), sourceLocations(outDir), packagesOutside(CLI_BUNDLED_PACKAGES)],
        })
      : await build({
          ...shared,
          // Split chunks load when the code importing them runs.
          splitting: true,
          format: 'esm',
          plugins: [englishZodLocales(), sourceLocations(outDir), packagesOutside(BUNDLED_PACKAGES)],
        });
  const { metafile } = result;
  if (!metafile) throw new Error('esbuild wrote no metafile');
  if (name === 'cli') finishCachedBundle(building, metafile);
  const inputs = Object.keys(metafile.inputs).filter((p) => !p.split('/').includes('node_modules'));
  writeBuildManifest(join(building, 'manifest.json'), [...inputs, 'prisma/schema.prisma']);
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  renameSync(building, outDir);
  rmSync(old, { recursive: true, force: true });
  // In place: the cache keeps the file name the bundle ran under, which stack traces show.
  if (name === 'cli') writeCodeCache(outDir);
}

/**
 * The CLI is one CommonJS bundle, main.cjs, run with V8's code cache (scripts/build/cached-bundle.mjs),
 * strict as the ES modules it is made of; its second line names the build, which the cache is kept under; `import.meta.url` becomes the
 * bundle's own URL. Modules a command imports lazily stay lazy: esbuild runs a module's code when it
 * is first imported.
 */
function cachedBundleOptions(): BuildOptions {
  return {
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    banner: {
      js: `"use strict";\n// build ${randomBytes(8).toString('hex')}\nvar __bundleUrl = require("node:url").pathToFileURL(__filename).href;`,
    },
    define: { 'import.meta.url': '__bundleUrl' },
  };
}

/**
 * Packages bundled into the CLI: those of every build, commander and picocolors, which
 * every command loads, so that their code is in the code cache too.
 */
const CLI_BUNDLED_PACKAGES = new Set([...BUNDLED_PACKAGES, 'commander', 'picocolors']);

/**
 * Completes dist/cli: the bundle's dynamic imports of packages go through the `__import` its runner
 * gives it (vm has no import() of its own on Node 20); main.js, what bin/dobbeltspor.js loads, runs
 * the bundle.
 */
function finishCachedBundle(dir: string, metafile: Metafile): void {
  const bundle = join(dir, 'main.cjs');
  const imported = new Set(
    Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && i.kind === 'dynamic-import').map((i) => i.path)),
  );
  let source = readFileSync(bundle, 'utf8');
  for (const specifier of imported)
    source = source.replaceAll(`import(${JSON.stringify(specifier)})`, `__import(${JSON.stringify(specifier)})`);
  const left = /[^\w.]import\((?!\))/.exec(source);
  if (left) throw new Error(`the CLI bundle keeps an import() the code cache cannot run: ${source.slice(left.index, left.index + 80)}`);
  writeFileSync(bundle, source);
  const runner = relative(dir, join(ROOT, 'scripts', 'build', 'cached-bundle.mjs'))
    .split(sep)
    .join('/');
  writeFileSync(
    join(dir, 'main.js'),
    `// Runs the CLI bundle beside this file with its code cache (built by scripts/build/compile.ts).\nimport { runBundle } from ${JSON.stringify(runner)};\nrunBundle(new URL('./main.cjs', import.meta.url));\n`,
  );
}

/** A shipped file validated once writes the code cache: the code of reading a command, the YAML and the schemas. */
function writeCodeCache(dir: string): void {
  spawnSync(process.execPath, [join(dir, 'main.js'), 'programme', 'validate', join(ROOT, 'cohorts', 'klynge-1-2019.yaml')], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1' },
  });
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
