// Compiles the coordinator CLI (client/cli/main.ts and every project file it imports, the generated
// Prisma client included) to JavaScript in dist/cli, so `npx dobbeltspor` answers without compiling
// TypeScript at every call.
// `npm run build`; `npm install`, `npm start`, the test provisioning and bin/dobbeltspor.js run it
// when dist/cli is out of date (scripts/build/ensure-compiled-cli.mjs).
import { readFile } from 'node:fs/promises';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { ensurePrismaClient } from '../provision/generate-client.js';
import { ROOT, writeBuildManifest } from './build-manifest.mjs';

export const CLI_DIR = join(ROOT, 'dist', 'cli');
export const CLI_MANIFEST = join(CLI_DIR, 'manifest.json');

/**
 * Sources find their data files relative to themselves (`new URL('../../programmes/', import.meta.url)`):
 * in the bundle each keeps its own location, written relative to dist/cli so the checkout may move.
 */
function sourceLocations(outDir: string): Plugin {
  return {
    name: 'source-locations',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (path.split(sep).includes('node_modules')) return undefined;
        const fromOut = relative(outDir, path).split(sep).join('/');
        const contents = (await readFile(path, 'utf8')).replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Packages bundled into the CLI: zod, pure ES modules, on the path of every command; loading its files
 * one by one cost a third of `programme validate`. CommonJS packages stay outside: bundled, a dynamic
 * `import()` of one yields only its default export.
 */
const BUNDLED_PACKAGES = new Set(['zod']);

/** Every other npm package loads from node_modules, when the command that needs it runs. */
function packagesOutside(bundled: Set<string>): Plugin {
  return {
    name: 'packages-outside',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, ({ path }) => {
        const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!;
        return bundled.has(name) ? undefined : { path, external: true };
      });
    },
  };
}

export async function compileCli(): Promise<void> {
  // The CLI's static imports include the generated client, which must exist and match schema.prisma.
  ensurePrismaClient();
  // Built aside and swapped in whole, so a CLI started meanwhile never sees half a build.
  const building = `${CLI_DIR}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['client/cli/main.ts'],
    outdir: building,
    bundle: true,
    // The commands import their operations lazily: split chunks keep `--help` from loading Temporal and Prisma.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [sourceLocations(CLI_DIR), packagesOutside(BUNDLED_PACKAGES)],
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.split('/').includes('node_modules'));
  writeBuildManifest(join(building, 'manifest.json'), [...inputs, 'prisma/schema.prisma']);
  const old = `${CLI_DIR}.old-${process.pid}`;
  if (existsSync(CLI_DIR)) renameSync(CLI_DIR, old);
  renameSync(building, CLI_DIR);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await compileCli();
  console.error(`[build] compiled the CLI to ${relative(process.cwd(), CLI_DIR) || CLI_DIR} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
