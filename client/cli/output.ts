// What the CLI prints: coloured lines for people, one JSON document on stdout with --json. Progress
// goes to stderr (and only for people), so `--json` output can be piped as it is.
import pc from 'picocolors';
import { exitCodeOf } from '../error-kinds.js';
import type { ExitCode } from './exit-codes.js';

export interface Output {
  json: boolean;
  /** A step of a long operation (stderr, people only). */
  progress(message: string): void;
  /** The command's result: `human` prints it for people, `data` is the --json document. */
  result(data: unknown, human: () => void): void;
  line(text?: string): void;
  /** Prints an error in the chosen form and returns the exit code for it. */
  error(error: unknown): ExitCode;
}

export function createOutput(
  json: boolean,
  streams: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = { out: process.stdout, err: process.stderr },
): Output {
  return {
    json,
    progress(message) {
      if (!json) streams.err.write(`${pc.dim('…')} ${message}\n`);
    },
    result(data, human) {
      if (json) streams.out.write(`${JSON.stringify(data, jsonReplacer, 2)}\n`);
      else human();
    },
    line(text = '') {
      streams.out.write(`${text}\n`);
    },
    error(error) {
      const code = exitCodeOf(error);
      const e = error as { message?: string; code?: unknown; field?: unknown; issues?: unknown };
      const body = {
        error: {
          code: typeof e?.code === 'string' ? e.code : 'ERROR',
          message: e?.message ?? String(error),
          ...(typeof e?.field === 'string' ? { field: e.field } : {}),
          ...(Array.isArray(e?.issues) ? { issues: e.issues } : {}),
        },
        exitCode: code,
      };
      if (json) {
        streams.out.write(`${JSON.stringify(body, jsonReplacer, 2)}\n`);
      } else {
        const [first, ...rest] = body.error.message.split('\n');
        streams.err.write(`${pc.red(pc.bold('error'))} ${first}\n`);
        for (const l of rest) streams.err.write(`${l}\n`);
        if (body.error.field && !body.error.issues) streams.err.write(`${pc.dim('field:')} ${body.error.field}\n`);
      }
      return code;
    },
  };
}

/** BigInt and Date values in results are written as strings. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export const ok = (text: string) => `${pc.green('✔')} ${text}`;
export const warn = (text: string) => `${pc.yellow('!')} ${text}`;
export const label = (text: string) => pc.bold(text);
export const dim = (text: string) => pc.dim(text);

/** A plain aligned table for people. */
export function table(rows: string[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const widths = all[0]?.map((_, i) => Math.max(...all.map((r) => strip(r[i] ?? '').length))) ?? [];
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - strip(c).length))
      .join('  ')
      .trimEnd();
  const lines = rows.map(fmt);
  return header ? [pc.bold(fmt(header)), ...lines].join('\n') : lines.join('\n');
}
