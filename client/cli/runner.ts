// Runs one command's action: builds the output (human or --json) and, on demand, the connections;
// maps any error to its documented exit code; always closes what it opened.
import type { Command } from 'commander';
import { createCliContext, type CliContext } from './context.js';
import { EXIT } from './exit-codes.js';
import { createOutput, type Output } from './output.js';

export interface ActionScope {
  out: Output;
  ctx: CliContext;
}

export type Runner = (cmd: Command, action: (scope: ActionScope) => Promise<number | void>) => Promise<void>;

export function createRunner(): Runner {
  return async (cmd, action) => {
    const json = Boolean(cmd.optsWithGlobals().json);
    const out = createOutput(json);
    const ctx = createCliContext();
    try {
      const code = await action({ out, ctx });
      process.exitCode = code ?? EXIT.OK;
    } catch (e) {
      process.exitCode = out.error(e);
    } finally {
      await ctx.close().catch(() => undefined);
    }
  };
}
