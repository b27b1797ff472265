// The steps a track waits for that people take: a retention follow-up answered, a mentor assigned,
// the first employer contact, a training topic ticked, a company withdrawn. Each command is one
// operation, the same the HTTP API calls.
import { InvalidArgumentError, type Command } from 'commander';
import type { TrackSummary } from '../../../contracts/index.js';
import { label, ok } from '../output.js';
import type { Runner } from '../runner.js';
import { OperationError } from '../../operations/operation-error.js';
import { parseDate } from './parse.js';

const participants = () => import('../../operations/participants.js');
const companies = () => import('../../operations/companies.js');

function parseWeeks(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of weeks, 1 or more');
  return n;
}

/** The group command of that name (`record`, `answer` …), made once whichever file registers first. */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

const next = (s: TrackSummary) =>
  `${s.phase}${s.paused ? ' (paused)' : ''}${s.nextDeadline ? `; next: ${s.nextDeadline.what} by ${s.nextDeadline.on}` : ''}`;

export function registerStepCommands(program: Command, run: Runner): void {
  group(program, 'answer', 'answer what a track asked')
    .command('retention')
    .description(
      'answer a retention follow-up (4, 13, 26 weeks after a hire): still employed is a RETENTION outcome, not employed ends the track',
    )
    .argument('<trackId>', "the participant's track")
    .requiredOption('--weeks <n>', 'the follow-up answered (weeks after the hire)', parseWeeks)
    .option('--employed', 'the participant is still employed')
    .option('--not-employed', 'the participant is no longer employed')
    .requiredOption('--evidence <ref>', 'where the answer comes from (payslip, call with the employer)')
    .action(async (trackId: string, opts: { weeks: number; employed?: boolean; notEmployed?: boolean; evidence: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        if (Boolean(opts.employed) === Boolean(opts.notEmployed))
          throw new OperationError('invalid', 'INVALID_INPUT', 'give --employed or --not-employed', 'stillEmployed');
        const s = await (
          await participants()
        ).answerRetention(await ctx.operations(), trackId, {
          weeks: opts.weeks,
          stillEmployed: Boolean(opts.employed),
          evidenceRef: opts.evidence,
        });
        out.result(s, () =>
          out.line(
            ok(
              `${opts.weeks}-week follow-up answered on ${label(trackId)} (${opts.employed ? 'still employed' : 'no longer employed'}): ${next(s)}`,
            ),
          ),
        );
      }),
    );

  group(program, 'assign', 'assign someone to a track')
    .command('mentor')
    .description("assign the participant's mentor: a MENTOR of the partnership's employment actor (see `staff list`)")
    .argument('<trackId>', "the participant's track")
    .requiredOption('--staff <staffId>', "the mentor's staff id")
    .action(async (trackId: string, opts: { staff: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await participants()).assignMentor(await ctx.operations(), trackId, opts.staff);
        out.result(s, () => out.line(ok(`mentor ${label(opts.staff)} assigned to ${label(trackId)}: ${next(s)}`)));
      }),
    );

  group(program, 'record', "record attendance or an outcome on a participant's track")
    .command('employer-contact')
    .description('record the first employer contact (IPS): stops its reminder')
    .argument('<trackId>', "the participant's track")
    .requiredOption('--on <date>', 'the day of the contact (YYYY-MM-DD)', parseDate)
    .action(async (trackId: string, opts: { on: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await participants()).recordEmployerContact(await ctx.operations(), trackId, opts.on);
        out.result(s, () => out.line(ok(`first employer contact on ${opts.on} recorded on ${label(trackId)}: ${next(s)}`)));
      }),
    );

  group(program, 'tick', 'tick a checklist item')
    .command('topic')
    .description('tick a work-readiness training topic of the programme as covered (or --undo)')
    .argument('<trackId>', "the participant's track")
    .argument('<topic>', 'the topic as the programme names it, e.g. "Transporttræning"')
    .option('--undo', 'mark the topic as not covered')
    .action(async (trackId: string, topic: string, opts: { undo?: boolean }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await participants()).tickTrainingTopic(await ctx.operations(), trackId, topic, !opts.undo);
        out.result(s, () => out.line(ok(`topic "${topic}" ${opts.undo ? 'unticked' : 'ticked'} on ${label(trackId)}`)));
      }),
    );

  group(program, 'withdraw', 'take someone out of a programme')
    .command('company')
    .description(
      'withdraw a company from the cohort: camps still ahead leave its calendar, its track ends WITHDRAWN and its accelerator slot is free',
    )
    .argument('<cohortId>', 'the cohort')
    .argument('<cvr>', "the company's CVR number")
    .requiredOption('--reason <text>', 'why (kept in the database only)')
    .action(async (cohortId: string, cvr: string, opts: { reason: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        await (
          await companies()
        ).withdrawCompany(await ctx.operations(), { cohortId, cvr, reason: opts.reason, withdrawnBy: process.env.USER ?? 'coordinator' });
        out.result({ cohortId, cvr, withdrawn: true }, () => out.line(ok(`company ${label(cvr)} withdrawn from ${cohortId}`)));
      }),
    );
}
