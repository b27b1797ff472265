import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { ReportFormat } from '../../operations/reports.js';

/** client/operations/reports.ts REPORT_FORMATS, kept here so `--help` loads nothing heavy. */
export const REPORT_FORMATS = ['json', 'csv', 'html', 'indigo'] as const satisfies readonly ReportFormat[];
import { ok } from '../output.js';
import type { Runner } from '../runner.js';
import { parseNumber } from './parse.js';

interface ReportOptions {
  cohort: string;
  municipality?: string;
  format: ReportFormat;
  weeks?: number;
  out?: string;
  capital?: string;
  maxReturn?: number;
  deadweight?: number;
}

export function registerReportCommand(program: Command, run: Runner): void {
  program
    .command('report')
    .description(
      'the Payment-by-Results report of a cohort, for one municipality or the whole cohort: ledger, realised to date and projected savings against payments, targets',
    )
    .requiredOption('--cohort <id>', 'the cohort')
    .option('--municipality <code|name>', 'one municipality, e.g. 621 or Kolding (default: the whole cohort, with a line per municipality)')
    .addOption(new Option('--format <format>', 'what to write').choices([...REPORT_FORMATS]).default('json'))
    .option('--weeks <n>', "weeks simulated from the first track's start", parseNumber)
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--capital <dkk>', "SIB: the investors' capital in DKK, instead of the cohort file's investment.capitalDkk")
    .option('--max-return <percent>', "SIB: the investors' maximum return in whole percent (with --capital; default 0)", parseNumber)
    .option(
      '--deadweight <percent>',
      "whole percent of the savings assumed to come without the programme, instead of the cohort file's",
      parseNumber,
    )
    .action(async (opts: ReportOptions, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        out.progress(`building the report of ${opts.cohort} for ${opts.municipality ?? 'every municipality'}`);
        const { cohortReport, investorTerms } = await import('../../operations/reports.js');
        const r = await cohortReport(
          { db: await ctx.db() },
          {
            cohortId: opts.cohort,
            municipality: opts.municipality,
            format: opts.format,
            weeks: opts.weeks,
            ...investorTerms({ capitalDkk: opts.capital, maxReturnPercent: opts.maxReturn, deadweightPercent: opts.deadweight }),
          },
        );
        if (opts.out) {
          await writeFile(opts.out, r.body);
          out.result({ file: opts.out, contentType: r.contentType }, () =>
            out.line(ok(`report written to ${opts.out} (${r.contentType})`)),
          );
        } else if (out.json) {
          out.result(r.report, () => undefined);
        } else {
          out.line(r.body);
        }
      }),
    );
}
