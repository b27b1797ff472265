// Loading programme and cohort files: YAML parsed with positions kept, validated with the zod schemas,
// and every problem reported with its path in the file, its line:column and a plain message. Callers
// start nothing unless the whole file (and the programme it names) is valid.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { cohortDateIssues } from '../../domain/cohort-dates.js';
import { cohortFileSchema, type CohortFile } from '../../domain/cohort-file.js';
import { housingPartnerIssues } from '../../domain/housing-partners.js';
import { programmeSchema, type Programme } from '../../domain/programme.js';
import { loadBenefitData } from './benefit-data.js';
import { OperationError } from './operation-error.js';
import { readPlainYaml } from './plain-yaml.js';

/** The project's programme templates. */
export const PROGRAMMES_DIR = fileURLToPath(new URL('../../programmes/', import.meta.url));

export interface FileIssue {
  /** The file the problem is in (a cohort's problems may lie in the programme it names). */
  file: string;
  /** Where in the document, e.g. `partnerships[0].companies[1].cvr`; empty for the whole document. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export const INVALID_FILE = 'INVALID_FILE';

/** The largest file read: the biggest cohort file the limits allow is far smaller. */
export const MAX_FILE_BYTES = 1_000_000;
/** Aliases a YAML document may resolve (`*anchor`); cohort and programme files need none. */
export const MAX_ALIASES = 50;
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * A file that cannot be used: an OperationError of kind `invalid` whose `issues` list every problem
 * found, not only the first; its field is the first problem's path.
 */
export class FileValidationError extends OperationError {
  override name = 'FileValidationError';
  declare readonly code: typeof INVALID_FILE;
  declare readonly issues: FileIssue[];
  constructor(
    readonly file: string,
    issues: FileIssue[],
  ) {
    super('invalid', INVALID_FILE, `${file} is not valid:\n${issues.map(formatIssue).join('\n')}`, issues[0]?.path ?? '', { issues });
  }
}

export function formatIssue(issue: FileIssue): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return `  ${where}  ${issue.path || '(document)'}: ${issue.message}`;
}

/** `['partnerships', 0, 'cvr']` → `partnerships[0].cvr`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

interface Parsed {
  doc: Document;
  lines: LineCounter;
}

function position(parsed: Parsed, node: Node | null | undefined): { line?: number; column?: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = parsed.lines.linePos(offset);
  return { line, column: col };
}

/** The deepest node the path reaches (a missing field is reported where its parent is). */
function nodeAt(parsed: Parsed, path: readonly PropertyKey[]): { node: Node | null; reached: number } {
  let node = parsed.doc.contents as Node | null;
  let reached = 0;
  for (const key of path) {
    let next: unknown;
    if (isMap(node)) next = node.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
    else if (isSeq(node) && typeof key === 'number') next = node.items[key];
    if (!next || isPair(next)) break;
    node = next as Node;
    reached++;
  }
  return { node, reached };
}

/** The key node of `key` in the map at `path`: an unknown field is reported where its name is. */
function keyNodeAt(parsed: Parsed, path: readonly PropertyKey[], key: string): Node | null {
  const { node, reached } = nodeAt(parsed, path);
  if (reached !== path.length || !isMap(node)) return null;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.key as Node | undefined) ?? null;
}

function describe(issue: z.core.$ZodIssue, missing: boolean): string {
  if (missing) return 'is required but missing';
  return issue.message;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * Parses YAML text and validates it. Returns the value, or every issue with path and position:
 * YAML syntax errors (duplicate keys included) first, then the schema's.
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  schema: S,
  file: string,
): { ok: true; value: z.output<S>; issues: [] } | { ok: false; issues: FileIssue[] } {
  const lines = new LineCounter();
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    return { ok: false, issues: [{ file, path: '', message: `the file is larger than ${MAX_FILE_BYTES / 1_000_000} MB` }] };
  }
  // Control characters (a NUL byte above all) have no place in a file typed by people, and PostgreSQL refuses NUL in text.
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const line = before.split('\n').length;
    const column = control.index - before.lastIndexOf('\n');
    return {
      ok: false,
      issues: [
        {
          file,
          path: '',
          line,
          column,
          message: `the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in the file`,
        },
      ],
    };
  }
  // Most files are plain and valid: read fast and accepted, they need no positions. Any other goes
  // through the yaml package below, which reports every problem where it is.
  const plain = readPlainYaml(text);
  if (plain) {
    const fast = schema.safeParse(plain.value, { jitless: true });
    if (fast.success) return { ok: true, value: fast.data, issues: [] };
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { file, path: '', line, column: col, message: e.message.split('\n')[0]! };
      }),
    };
  }
  const parsed: Parsed = { doc, lines };
  let raw: unknown;
  try {
    // An alias bomb (aliases of aliases) would expand to gigabytes: few aliases are allowed.
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return {
      ok: false,
      issues: [{ file, path: '', message: `the YAML could not be read: ${(e as Error).message} (at most ${MAX_ALIASES} aliases)` }],
    };
  }
  // Without zod's compiled fast path: a file is parsed once per process, and compiling its code
  // (new Function per object schema) cost more than it saved.
  const result = schema.safeParse(raw, { jitless: true });
  if (result.success) return { ok: true, value: result.data, issues: [] };
  const issues: FileIssue[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyNode = keyNodeAt(parsed, path, key);
        issues.push({
          file,
          path: formatPath([...path, key]),
          ...position(parsed, keyNode ?? nodeAt(parsed, path).node),
          message: `unknown field "${key}"`,
        });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && path.length > 0 && valueAt(raw, path) === undefined;
    issues.push({ file, path: formatPath(path), ...position(parsed, nodeAt(parsed, path).node), message: describe(issue, missing) });
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, issues };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileValidationError(path, [{ file: path, path: '', message: code === 'ENOENT' ? 'no such file' : (e as Error).message }]);
  }
}

/**
 * Whether `text` is a cohort file rather than a programme template: a cohort file names a programme
 * and lists municipalities; a template has a participant plan. Text that is no YAML is a template.
 */
export function isCohortText(text: string): boolean {
  const plain = readPlainYaml(text);
  if (plain) {
    const v = plain.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
    return (
      Object.hasOwn(v, 'municipalities') ||
      (typeof (v as Record<string, unknown>).programme === 'string' && !Object.hasOwn(v, 'participant'))
    );
  }
  try {
    const doc = parseDocument(text);
    return doc.has('municipalities') || (typeof doc.get('programme') === 'string' && !doc.has('participant'));
  } catch {
    return false;
  }
}

/** Reads and validates a programme template; throws FileValidationError with every issue. */
export async function loadProgrammeFile(path: string): Promise<Programme> {
  const result = parseYaml(await readText(path), programmeSchema, path);
  if (!result.ok) throw new FileValidationError(path, result.issues);
  return result.value;
}

export interface LoadedCohort {
  cohort: CohortFile;
  programme: Programme;
  cohortPath: string;
  programmePath: string;
  /** An issue at a path of the cohort file, with its line and column (for problems found later, e.g. against PostgreSQL). */
  issueAt?: (path: PropertyKey[], message: string) => FileIssue;
}

/** Finds the template with this id: `<dir>/<id>.yaml` first, else any template in the folder declaring it. */
export async function findProgrammeFile(id: string, dir = PROGRAMMES_DIR): Promise<string | undefined> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return undefined;
  }
  const direct = names.find((n) => n === `${id}.yaml` || n === `${id}.yml`);
  if (direct) return join(dir, direct);
  for (const name of names) {
    const doc = parseDocument(await readFile(join(dir, name), 'utf8'));
    if (doc.get('id') === id) return join(dir, name);
  }
  return undefined;
}

/**
 * Reads and validates a cohort file and the programme it names (from `programmesDir`, by default the
 * project's programmes/). Throws FileValidationError listing every issue of both files.
 */
export async function loadCohortFile(path: string, opts: { programmesDir?: string } = {}): Promise<LoadedCohort> {
  const cohortPath = resolve(path);
  return parseCohortFile(await readText(cohortPath), { ...opts, name: cohortPath });
}

/**
 * Validates the text of a cohort file and the programme it names, as loadCohortFile does: for a
 * file that is not on disk (the API's upload). `name` is what its problems are reported against.
 */
export async function parseCohortFile(text: string, opts: { name: string; programmesDir?: string }): Promise<LoadedCohort> {
  const cohortPath = opts.name;
  const result = parseYaml(text, cohortFileSchema, cohortPath);
  if (!result.ok) throw new FileValidationError(cohortPath, result.issues);
  const cohort = result.value;
  const programmePath = await findProgrammeFile(cohort.programme, opts.programmesDir);
  /** An issue found after the schema passed, at its path's line and column in the file. */
  let located: Parsed | undefined;
  const issueAt = (path: PropertyKey[], message: string): FileIssue => {
    if (!located) {
      const lines = new LineCounter();
      located = { doc: parseDocument(text, { lineCounter: lines }), lines };
    }
    return { file: cohortPath, path: formatPath(path), ...position(located, nodeAt(located, path).node), message };
  };
  if (!programmePath) {
    throw new FileValidationError(cohortPath, [
      issueAt(['programme'], `no programme template with id "${cohort.programme}" in ${basename(opts.programmesDir ?? PROGRAMMES_DIR)}/`),
    ]);
  }
  const programme = await loadProgrammeFile(programmePath).catch((e: unknown) => {
    if (e instanceof FileValidationError) throw new FileValidationError(cohortPath, e.issues);
    throw e;
  });
  if (programme.id !== cohort.programme) {
    throw new FileValidationError(cohortPath, [
      { file: programmePath, path: 'id', message: `declares id "${programme.id}", not "${cohort.programme}"` },
    ]);
  }
  const categories = Object.keys(loadBenefitData().categories);
  const unknown = (cohort.participants ?? []).flatMap((p, i) => (p.benefitCategory && !categories.includes(p.benefitCategory) ? [i] : []));
  const issues = [
    ...unknown.map((i) =>
      issueAt(
        ['participants', i, 'benefitCategory'],
        `no benefit category "${cohort.participants![i]!.benefitCategory}" in data/benefit-rates.yaml (known: ${categories.join(', ')})`,
      ),
    ),
    ...cohortDateIssues(cohort, programme).map((i) => issueAt(i.path, i.message)),
    ...housingPartnerIssues(cohort, programme).map((i) => issueAt(i.path, i.message)),
  ];
  if (issues.length > 0) throw new FileValidationError(cohortPath, sortIssues(issues));
  return { cohort, programme, cohortPath, programmePath, issueAt };
}

export function sortIssues(issues: FileIssue[]): FileIssue[] {
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
