import type { Command } from 'commander';
import pc from 'picocolors';
import type { CohortStatus, StartPreview } from '../../operations/cohorts.js';
import type { CohortSummary } from '../../../contracts/index.js';

const cohorts = () => import('../../operations/cohorts.js');
import { dim, label, ok, table, warn } from '../output.js';
import type { Runner } from '../runner.js';
import { parseDate, parseNumber, parseYear } from './parse.js';

export function registerCohortCommands(program: Command, run: Runner): Command {
  const cohort = program.command('cohort').description('cohorts (klynger): start one from its file, follow it, enrol late, close it');

  cohort
    .command('start')
    .description('validate a cohort file, write it to PostgreSQL and start its workflow (cohort-<id>), which starts the tracks')
    .argument('<file>', 'the cohort file, e.g. cohorts/klynge-1-2019.yaml')
    .option('--programmes <dir>', 'where the programme named by the file is looked up (default: programmes/)')
    .option('--year <year>', 'run the cohort in another year: every date of the file moves by the same number of years', parseYear)
    .option('--no-wait', 'return as soon as the workflow is started, without waiting for its tracks')
    .option('--dry-run', 'validate and print what would be created and sent; write and start nothing')
    .option('--under-way', 'start a cohort whose days have passed in part: what fell due before its tracks began is sent in one digest')
    .addHelpText(
      'after',
      '\nNothing is written or started when the file is invalid (exit 3). A cohort is started once: a second start is refused (exit 5).\nDays the plan moves off a holiday, weekend or closing day are listed.',
    )
    .action(
      async (
        file: string,
        opts: { programmes?: string; year?: number; wait: boolean; dryRun?: boolean; underWay?: boolean },
        cmd: Command,
      ) =>
        run(cmd, async ({ out, ctx }) => {
          const { cohortSummary, startCohort } = await cohorts();
          const { loadCohortFile } = await import('../../operations/files.js');
          const { describeMove } = await import('../../../domain/cohort-dates.js');
          // The CLI reads the file; the operation takes its content.
          out.progress(`validating ${file}`);
          const content = await loadCohortFile(file, { programmesDir: opts.programmes });
          out.progress('connecting to Temporal and PostgreSQL');
          const ops = await ctx.operations();
          const started = await startCohort(ops, {
            content,
            year: opts.year,
            dryRun: opts.dryRun,
            underWay: opts.underWay,
            onProgress: (s) => out.progress(s),
          });
          const printMoves = () => {
            if (!started.moves.length) return;
            out.line(warn(`  ${started.moves.length} ${started.moves.length === 1 ? 'day' : 'days'} moved off a day off:`));
            for (const m of started.moves) out.line(`    ${describeMove(m)}`);
          };
          if (started.dryRun) {
            out.result(started, () => {
              out.line(ok(`dry run: cohort ${label(started.cohortId)} is valid; nothing was written or started`));
              printPreview(out.line, started.preview);
              printMoves();
            });
            return;
          }
          let summary: CohortSummary | undefined;
          if (opts.wait) {
            out.progress('waiting for the cohort workflow to start its tracks');
            summary = await waitForTracks(() => cohortSummary(ops, started.cohortId));
          }
          out.result(
            {
              ...started,
              companyTracks: summary?.companyTracks.length,
              participantTracks: summary?.participantTracks.length,
              camps: summary?.camps.length,
            },
            () => {
              out.line(ok(`cohort ${label(started.cohortId)} started (workflow ${started.workflowId})`));
              out.line(
                `  programme ${started.programmeId}; ${started.municipalities} municipalities, ${started.partnerships} partnerships, ${started.companies} companies, ${started.participantsImported} participants imported`,
              );
              printMoves();
              if (summary)
                out.line(
                  `  ${summary.companyTracks.length} company tracks, ${summary.participantTracks.length} participant tracks and ${summary.camps.length} camps`,
                );
              else if (opts.wait) out.line(warn('the workflow has not reported its tracks yet: is a worker running (npm run worker)?'));
              out.line(dim(`  follow it: npx dobbeltspor cohort status ${started.cohortId}`));
            },
          );
        }),
    );

  cohort
    .command('simulate')
    .description(
      'what-if: run the tracks of a cohort file through their months without Temporal or PostgreSQL, and count every due date, e-mail and outcome',
    )
    .argument('<file>', 'the cohort file, e.g. cohorts/klynge-1-2019.yaml')
    .option('--programmes <dir>', 'where the programme named by the file is looked up (default: programmes/)')
    .option('--months <n>', "months from the cohort's first day", parseNumber, 18)
    .option(
      '--hire-every <n>',
      'every n-th participant is recorded in an ordinary job the day job training ends (default: none)',
      parseNumber,
    )
    .option('--no-selection', 'no company is selected into the accelerator (default: every company, when its boot camp ends)')
    .option('--events <file>', "write every event to a file: CSV (;-separated, local times) or JSON by the name's ending")
    .addHelpText(
      'after',
      '\nNobody records anything in the run (no attendance, mentor, placement, milestone or answer): the most reminders the plan can send.',
    )
    .action(
      async (
        file: string,
        opts: { programmes?: string; months: number; hireEvery?: number; selection: boolean; events?: string },
        cmd: Command,
      ) =>
        run(cmd, async ({ out }) => {
          const { loadCohortFile } = await import('../../operations/files.js');
          const { simulateCohortFile, whatIfCsv } = await import('../../operations/what-if.js');
          out.progress(`validating ${file}`);
          const content = await loadCohortFile(file, { programmesDir: opts.programmes });
          out.progress('running the tracks');
          const { summary, events } = simulateCohortFile(content, {
            months: opts.months,
            hireEvery: opts.hireEvery,
            selectCompanies: opts.selection,
          });
          if (opts.events) {
            const { writeFile } = await import('node:fs/promises');
            await writeFile(opts.events, /\.json$/i.test(opts.events) ? JSON.stringify(events) + '\n' : whatIfCsv(events));
          }
          out.result({ ...summary, eventsFile: opts.events }, () => {
            out.line(
              ok(
                `cohort ${label(content.cohort.id)}: ${summary.participants} participant and ${summary.companies} company tracks from ${summary.from} until ${summary.until}`,
              ),
            );
            out.line(
              table(
                Object.entries(summary.byKind).map(([k, n]) => [k, String(n)]),
                ['event', 'count'],
              ),
            );
            out.line(
              table(
                Object.entries(summary.mailsByTemplate).map(([k, n]) => [k, String(n)]),
                ['e-mail', 'count'],
              ),
            );
            out.line(`  wake-ups (timers): ${summary.wakeUps.participant} participant, ${summary.wakeUps.company} company`);
            const phases = (p: Record<string, number>) =>
              Object.entries(p)
                .map(([k, n]) => `${k} ${n}`)
                .join(', ');
            out.line(
              `  phase at the end: participants ${phases(summary.phasesAtEnd.participant) || '–'}; companies ${phases(summary.phasesAtEnd.company) || '–'}`,
            );
            if (opts.events) out.line(dim(`  every event written to ${opts.events}`));
          });
        }),
    );

  cohort
    .command('status')
    .description("a cohort's municipalities, slots, tracks by phase and camps (PostgreSQL), and its workflow's state")
    .argument('<cohortId>', 'e.g. klynge-1-2019')
    .action(async (cohortId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const status = await (await cohorts()).cohortStatus(await ctx.operations(), cohortId);
        out.result(status, () => printStatus(out.line, status));
      }),
    );

  cohort
    .command('enrol-late')
    .description('enrol a participant (already in PostgreSQL) into a cohort: the same as `enrol participant`')
    .argument('<cohortId>', 'the cohort')
    .requiredOption('--participant <id>', "the participant's id in PostgreSQL")
    .requiredOption('--municipality <code>', 'the municipality whose partnership the participant joins, e.g. 621')
    .option('--starts-on <date>', 'first day (YYYY-MM-DD); default today', parseDate)
    .action(async (cohortId: string, opts: { participant: string; municipality: string; startsOn?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const { enrolParticipant } = await import('../../operations/enrolment.js');
        const r = await enrolParticipant(await ctx.operations(), {
          participantId: opts.participant,
          cohortId,
          municipalityCode: opts.municipality,
          startsOn: opts.startsOn,
        });
        out.result({ ...r, cohortId }, () =>
          out.line(ok(`enrolled as track ${label(r.trackId)} from ${r.startsOn} (workflow ${r.workflowId})`)),
        );
      }),
    );

  cohort
    .command('close')
    .description('close a cohort: no more enrolments or changes through it; its tracks run on to their own ends')
    .argument('<cohortId>', 'the cohort')
    .option('--reason <text>', 'why the cohort closes')
    .action(async (cohortId: string, opts: { reason?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await cohorts()).closeCohort(await ctx.operations(), cohortId, opts.reason);
        out.result(s, () => out.line(ok(`cohort ${label(cohortId)} closed on ${s.closedOn}`)));
      }),
    );
  return cohort;
}

async function waitForTracks(query: () => Promise<CohortSummary>, timeoutMs = 30_000): Promise<CohortSummary | undefined> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = await query().catch(() => undefined);
    if (s && s.version >= 1) return s;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

function printPreview(line: (s: string) => void, p: StartPreview): void {
  line('  rows:');
  for (const [kind, n] of Object.entries(p.rows)) line(`    ${kind}: ${n.create} new, ${n.update} updated, ${n.unchanged} unchanged`);
  const camps = Object.entries(p.camps)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  if (camps) line(`  camps: ${camps}`);
  line(
    `  workflows: 1 cohort, ${p.workflows.companyTracks} company tracks, ${p.workflows.participantTracks} participant tracks, ${p.workflows.campInvitations} boot-camp invitations`,
  );
  if (!p.emails.length) line('  e-mails at the start: none');
  for (const e of p.emails) line(`  e-mails at the start: ${e.count} ${e.kind} (to each ${e.recipient}: ${e.addresses} addresses)`);
}

function printStatus(line: (s: string) => void, s: CohortStatus): void {
  const colour = s.status === 'RUNNING' ? pc.green : s.status === 'PAUSED' ? pc.yellow : pc.dim;
  line(`${label(s.name)} ${dim(`(${s.cohortId})`)}  ${colour(s.status)}  programme ${s.programmeId}, ${s.year}`);
  line(dim(`workflow ${s.workflowId ?? 'not started'}${s.workflowStatus ? ` — ${s.workflowStatus}` : ''}`));
  if (s.summary?.pauseReason) line(warn(`paused: ${s.summary.pauseReason}`));
  line('');
  line(
    table(
      s.municipalities.map((m) => [m.code, m.name, String(m.slots), String(m.companies), String(m.participants)]),
      ['code', 'municipality', 'slots', 'companies', 'participants'],
    ),
  );
  line('');
  const phases = (p: Record<string, number>) =>
    Object.entries(p)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  line(`company tracks: ${s.companyTracks.total} (${phases(s.companyTracks.byPhase)})`);
  line(
    `participant tracks: ${s.participantTracks.total} (${phases(s.participantTracks.byPhase)})${s.participantTracks.overdue ? pc.red(`, ${s.participantTracks.overdue} with overdue items`) : ''}`,
  );
  const next = s.camps.filter((c) => c.status !== 'CANCELLED' && c.status !== 'HELD').slice(0, 5);
  if (next.length) {
    line('');
    line(
      table(
        next.map((c) => [c.id, c.kind, c.startsOn.slice(0, 10), c.location, c.status]),
        ['camp', 'kind', 'starts', 'where', 'status'],
      ),
    );
  }
  if (s.plannedMoves.length) {
    line('');
    line(warn('moved by the plan at the start:'));
    for (const m of s.plannedMoves) line(`  ${m.what} moved from ${m.from} (${m.reason}) to ${m.to}`);
  }
}
