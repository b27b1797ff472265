// `record attendance-week`: a week's attendance for many participants from one CSV file, as staff
// keep it in a spreadsheet: `trackId,hours` a line, `absent` (or `fravær`) for a week not attended.
import type { Command } from 'commander';
import type { WeekAttendanceEntry, WeekAttendanceResult } from '../../operations/attendance-week.js';
import { OperationError } from '../../operations/operation-error.js';
import { EXIT } from '../exit-codes.js';
import { dim, label, ok } from '../output.js';
import type { Runner } from '../runner.js';
import { parseMonday } from './parse.js';

const ABSENT = new Set(['absent', 'fravær', 'fravaer']);

/** The file's entries: a header line (`trackId,hours`), blank lines and `#` comments are skipped. */
export function parseWeekFile(text: string, file: string): WeekAttendanceEntry[] {
  const entries: WeekAttendanceEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || (i === 0 && /^track/i.test(line))) return;
    // `;` or a tab separates the cells when a line has one (Danish spreadsheets: 7,5 hours), else `,`.
    const separator = line.includes(';') ? ';' : line.includes('\t') ? '\t' : ',';
    const cells = line.split(separator).map((c) => c.trim());
    const where = `${file} line ${i + 1}`;
    if (cells.length !== 2 || !cells[0]) throw new OperationError('invalid', 'INVALID_FILE', `${where}: give trackId,hours`, 'file');
    const [trackId, value] = cells as [string, string];
    if (ABSENT.has(value.toLowerCase())) return void entries.push({ trackId, hours: 0, present: false });
    // A decimal comma (7,5) is taken as a point.
    const hours = Number(value.replace(',', '.'));
    if (value === '' || !Number.isFinite(hours))
      throw new OperationError('invalid', 'INVALID_FILE', `${where}: hours must be a number or "absent", got "${value}"`, 'file');
    entries.push({ trackId, hours });
  });
  if (entries.length === 0) throw new OperationError('invalid', 'INVALID_FILE', `${file} lists no participants`, 'file');
  return entries;
}

function describe(r: WeekAttendanceResult['recorded'][number]): string {
  const week = r.attendancePlan?.lastCheckedWeek;
  const plan = r.attendancePlan ? ` of ${r.attendancePlan.hoursPerWeek} h a week planned` : '';
  const flag = r.attendancePlan?.flagged ? ` — below the plan ${r.attendancePlan.weeksBelowPlanInRow} week(s) in a row` : '';
  return `${label(r.trackId)}: ${r.present ? `${r.hours} h` : 'absent'}${plan}${week ? dim(` (last week checked ${week.weekStart}: ${week.status})`) : ''}${flag}`;
}

export function registerAttendanceWeekCommand(record: Command, run: Runner): void {
  record
    .command('attendance-week')
    .description(
      "record one week's attendance for many participants from a CSV file (trackId,hours a line; absent for a week not attended)",
    )
    .requiredOption('--week <date>', 'Monday of the week (YYYY-MM-DD)', parseMonday)
    .requiredOption('--file <csv>', 'the week: trackId,hours a line (a header line and # comments are skipped)')
    .option('--by <who>', 'who records it (staff id or user name)', process.env.USER ?? 'coordinator')
    .addHelpText(
      'after',
      '\nEvery line is checked first: a malformed line, a track listed twice or out of your reach records nothing (exit 3 or 4). A track that refuses its week (ended, the week outside its training) is listed and the others are recorded (exit 5).',
    )
    .action(async (opts: { week: string; file: string; by: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const { readFile } = await import('node:fs/promises');
        const text = await readFile(opts.file, 'utf8').catch((e: Error) => {
          throw new OperationError('invalid', 'INVALID_FILE', `cannot read ${opts.file}: ${e.message}`, 'file');
        });
        const entries = parseWeekFile(text, opts.file);
        const { recordWeekAttendance } = await import('../../operations/attendance-week.js');
        const result = await recordWeekAttendance(await ctx.operations(), { weekStart: opts.week, recordedBy: opts.by, entries });
        out.result(result, () => {
          out.line(ok(`attendance for the week of ${opts.week}: ${result.recorded.length} recorded, ${result.refused.length} refused`));
          for (const r of result.recorded) out.line(`  ${describe(r)}`);
          for (const r of result.refused) out.line(`  ${label(r.trackId)}: refused: ${r.message}`);
        });
        return result.refused.length > 0 ? EXIT.REFUSED : EXIT.OK;
      }),
    );
}
