// `opening add | list | show | propose | answer | withdraw | invite`: job openings and matching
// (housing job-match; IPS job development), one command per operation of client/operations/job-openings.ts.
import { Option, type Command } from 'commander';
import { dim, label, ok, table } from '../output.js';
import type { Runner } from '../runner.js';
import { parseChoice, parseNumber } from './parse.js';

const ops = () => import('../../operations/job-openings.js');
/** The kinds offered without loading the domain (domain/programme.ts JOB_KINDS). */
const JOB_KINDS = ['ORDINARY_JOB', 'FLEX_JOB', 'FEW_HOURS_JOB', 'APPRENTICESHIP', 'INTERNSHIP'] as const;
const STATUSES = ['OPEN', 'FILLED', 'WITHDRAWN'] as const;

export function registerOpeningCommands(program: Command, run: Runner): void {
  const opening = program
    .command('opening')
    .description("job openings of the cohort's companies, the job consultant's proposals and the companies' answers");

  opening
    .command('add')
    .description('register a job opening of a company of the cohort (its workflow waits for proposals)')
    .requiredOption('--cohort <id>', 'the cohort, e.g. boligjob-viborg-silkeborg-2021')
    .requiredOption('--cvr <cvr>', "the company's CVR number")
    .addOption(
      new Option('--kind <kind>', 'the kind of job (one of the programme’s jobOpenings.kinds)')
        .choices([...JOB_KINDS])
        .argParser(parseChoice(JOB_KINDS))
        .makeOptionMandatory(),
    )
    .requiredOption('--title <title>', 'what the job is, e.g. "Elev, ejendomsservice"')
    .option('--hours <n>', 'hours a week (needed for FLEX_JOB and FEW_HOURS_JOB)', parseNumber)
    .option('--association <id>', 'registered on behalf of the company by this housing association (one it serves)')
    .action(
      async (opts: { cohort: string; cvr: string; kind: string; title: string; hours?: number; association?: string }, cmd: Command) =>
        run(cmd, async ({ out, ctx }) => {
          const o = await (
            await ops()
          ).registerJobOpening(await ctx.operations(), {
            cohortId: opts.cohort,
            cvr: opts.cvr,
            kind: opts.kind,
            title: opts.title,
            hoursPerWeek: opts.hours,
            housingAssociationId: opts.association,
          });
          out.result(o, () =>
            out.line(ok(`opening ${label(o.id)} registered: ${o.kindLabel} at ${o.companyName} ${dim(`(${o.workflowId})`)}`)),
          );
        }),
    );

  opening
    .command('list')
    .description("the cohort's job openings, newest first")
    .requiredOption('--cohort <id>', 'the cohort')
    .addOption(new Option('--status <status>', 'only openings of this status').choices([...STATUSES]).argParser(parseChoice(STATUSES)))
    .option('--cvr <cvr>', "only this company's openings")
    .action(async (opts: { cohort: string; status?: string; cvr?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const rows = await (
          await ops()
        ).listJobOpenings(await ctx.operations(), { cohortId: opts.cohort, status: opts.status, cvr: opts.cvr });
        out.result(rows, () =>
          out.line(
            rows.length
              ? table(
                  rows.map((r) => [
                    r.id,
                    r.kind,
                    r.companyName,
                    r.status,
                    String(r.matches.length),
                    r.nextDeadlineOn ? `${r.nextDeadlineOn} ${r.nextDeadlineWhat ?? ''}` : '',
                  ]),
                  ['id', 'kind', 'company', 'status', 'proposals', 'next deadline'],
                )
              : 'no job openings',
          ),
        );
      }),
    );

  opening
    .command('show')
    .description('one job opening with its proposals and its workflow’s state')
    .argument('<openingId>', 'the opening’s id')
    .action(async (openingId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const c = await ctx.operations();
        const o = await (await ops()).jobOpening(c, openingId);
        const state = await (await ops()).jobOpeningState(c, openingId);
        out.result({ opening: o, state }, () => {
          out.line(`${label(o.title)} ${dim(`${o.kindLabel}, ${o.companyName} (CVR ${o.cvr}), opened ${o.openedOn}`)}`);
          out.line(`status ${o.status}${state.nextDeadline ? `; next: ${state.nextDeadline.what} (${state.nextDeadline.on})` : ''}`);
          for (const m of o.matches) out.line(`  proposal ${m.id}: track ${m.trackId} ${m.status} ${m.decidedOn ?? m.proposedOn}`);
        });
      }),
    );

  opening
    .command('propose')
    .description('propose a resident (a participant track of the opening’s partnership); the company is mailed its answer links')
    .argument('<openingId>', 'the opening’s id')
    .requiredOption('--track <trackId>', "the resident's participant track, e.g. boligjob-viborg-silkeborg-2021-beboer-viborg-1")
    .action(async (openingId: string, opts: { track: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const r = await (await ops()).proposeJobMatch(await ctx.operations(), { openingId, trackId: opts.track });
        out.result(r, () => {
          out.line(ok(`proposal ${label(r.matchId)}: track ${opts.track} for opening ${openingId}`));
          if (r.firstEmployerContactOn) out.line(`  the track's first employer contact (IPS): ${r.firstEmployerContactOn}`);
        });
      }),
    );

  opening
    .command('answer')
    .description("the company's answer to a proposal: --accept is the hire (recorded as the outcome), --decline starts a new wait")
    .argument('<matchId>', 'the proposal’s id')
    .option('--accept', 'the company hires the resident')
    .option('--decline', 'the company declines')
    .action(async (matchId: string, opts: { accept?: boolean; decline?: boolean }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        if (opts.accept === opts.decline) {
          const { OperationError } = await import('../../operations/operation-error.js');
          throw new OperationError('usage', 'USAGE', 'give exactly one of --accept or --decline', 'answer');
        }
        const r = await (await ops()).answerJobMatch(await ctx.operations(), { matchId, accepted: opts.accept === true });
        out.result(r, () =>
          out.line(ok(`proposal ${label(matchId)} ${r.status.toLowerCase()}${r.outcomeId ? `; outcome ${r.outcomeId} recorded` : ''}`)),
        );
      }),
    );

  opening
    .command('withdraw')
    .description('withdraw an open job opening')
    .argument('<openingId>', 'the opening’s id')
    .action(async (openingId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await ops()).withdrawJobOpening(await ctx.operations(), openingId);
        out.result(s, () => out.line(ok(`opening ${label(openingId)} withdrawn`)));
      }),
    );

  opening
    .command('invite')
    .description("mail the cohort's companies (or one) their personal link to register job openings, once per company")
    .requiredOption('--cohort <id>', 'the cohort')
    .option('--cvr <cvr>', 'only this company')
    .action(async (opts: { cohort: string; cvr?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const r = await (await ops()).inviteCompaniesToRegisterOpenings(await ctx.operations(), { cohortId: opts.cohort, cvr: opts.cvr });
        out.result(r, () =>
          out.line(
            ok(
              `${r.invited.length} compan${r.invited.length === 1 ? 'y' : 'ies'} invited${r.already.length ? `; ${r.already.length} had been already` : ''}`,
            ),
          ),
        );
      }),
    );
}
