// Runs the compiled CLI (one CommonJS bundle, dist/cli/main.cjs) with V8's code cache beside it, so a
// call does not parse and compile again the code the last calls compiled: that was half of
// `programme validate`. Node 20 has no compile cache for ES modules (module.enableCompileCache comes
// with Node 22), hence a CommonJS bundle run through vm.Script, which takes and makes cached data.
// The build writes the cache (scripts/build/compile.ts runs a command once); a call whose Node
// rejects it (another version, other V8 flags) writes it again as it exits.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * The bundle's head names its build (`// build <id>`); the cache is kept under that id, so a
 * process still running an older build never leaves its cache for the new one (V8 checks only the
 * source's length).
 */
function cacheFileOf(bundleFile, source) {
  const id = /^\/\/ build (\w+)$/m.exec(source.slice(0, 200))?.[1] ?? 'unknown';
  return `${bundleFile}.${id}.cache`;
}

/**
 * The bundle calls `__import(specifier)` where its code imports a package dynamically: a script run
 * by vm has no import() of its own on Node 20 without an experimental flag.
 */
const importPackage = (specifier) => import(specifier);

/** The bundle at `file` compiled with its code cache, when there is one: `script.cachedDataRejected` says whether V8 took it. */
export function compileBundle(file) {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheFileOf(file, source);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`;
  return { script: new vm.Script(wrapper, { filename: file, cachedData }), cacheFile, cached: cachedData !== undefined };
}

/** Runs the CommonJS bundle at `url` (a file: URL) as Node would require it, with its code cache. */
export function runBundle(url) {
  const file = fileURLToPath(url);
  const { script, cacheFile, cached } = compileBundle(file);
  if (!cached || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheFile));
  const module = new Module(file);
  module.filename = file;
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), importPackage);
  return module.exports;
}

/** Written aside and renamed, so parallel calls never read half a cache. */
function writeCache(script, cacheFile) {
  const aside = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(aside, script.createCachedData());
    renameSync(aside, cacheFile);
  } catch {
    // A read-only checkout or a removed build: the next call compiles as this one did.
    try {
      unlinkSync(aside);
    } catch {
      // nothing written
    }
  }
}
