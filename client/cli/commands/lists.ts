// What a coordinator looks up before typing a command: the cohorts, a cohort's companies (their CVR
// numbers) and the tracks (their ids). Each as a table for people and as JSON with --json.
import { Option, type Command } from 'commander';
import { dim, table } from '../output.js';
import type { TrackListItem } from '../../api/track-list.js';
import type { Runner } from '../runner.js';
import { parseChoice } from './parse.js';

const TRACK_KINDS = ['participant', 'company'] as const;

export function registerListCommands(program: Command, cohort: Command, run: Runner): void {
  cohort
    .command('list')
    .description('every cohort: id, name, year, status, municipalities and how many tracks')
    .action(async (_opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const { listCohorts } = await import('../../operations/listings.js');
        const cohorts = await listCohorts(await ctx.db());
        out.result(cohorts, () => {
          if (cohorts.length === 0) return out.line(dim('no cohorts yet: start one with `cohort start <file>`'));
          out.line(
            table(
              cohorts.map((c) => [
                c.id,
                c.name,
                String(c.year),
                c.status,
                c.municipalities.map((m) => m.name).join(', '),
                String(c.participantTracks),
                String(c.companyTracks),
              ]),
              ['cohort', 'name', 'year', 'status', 'municipalities', 'participants', 'companies'],
            ),
          );
        });
      }),
    );

  program
    .command('company')
    .description('companies of a cohort')
    .command('list')
    .description("the companies of a cohort's partnerships, with their CVR numbers (what `select companies` and `pause company` take)")
    .requiredOption('--cohort <id>', 'the cohort, e.g. klynge-1-2019')
    .action(async (opts: { cohort: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const { listCompanies } = await import('../../operations/listings.js');
        const companies = await listCompanies(await ctx.db(), opts.cohort);
        out.result(companies, () =>
          out.line(
            table(
              companies.map((c) => [
                c.cvr,
                c.name,
                c.municipalityName,
                c.role === 'OWN_SOCIAL_ECONOMY' ? 'own social economy' : 'accelerator',
                c.phase ?? '–',
                `${c.contactName} <${c.contactEmail}>`,
              ]),
              ['cvr', 'company', 'municipality', 'role', 'phase', 'contact'],
            ),
          ),
        );
      }),
    );

  program
    .command('track')
    .description('participant and company tracks')
    .command('list')
    .description('tracks by next deadline: their ids (what `record`, `place` and `pause participant` take), phase and overdue items')
    .option('--cohort <id>', 'only this cohort')
    .addOption(
      new Option('--kind <kind>', 'which tracks')
        .choices([...TRACK_KINDS])
        .argParser(parseChoice(TRACK_KINDS))
        .default('participant'),
    )
    .option('--municipality <code>', 'only this municipality, e.g. 621')
    .option('--overdue', 'only tracks with overdue items')
    .action(async (opts: { cohort?: string; kind: (typeof TRACK_KINDS)[number]; municipality?: string; overdue?: boolean }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const { listTracks } = await import('../../api/track-list.js');
        const db = await ctx.db();
        const kind = opts.kind;
        const filter = {
          kind,
          cohortId: opts.cohort,
          municipalityCode: opts.municipality,
          overdue: opts.overdue ? true : undefined,
        } as const;
        const items: TrackListItem[] = [];
        let after: string | undefined;
        do {
          const page = await listTracks(db, filter, 500, after);
          items.push(...page.items);
          after = page.nextCursor ?? undefined;
        } while (after);
        out.result(items, () => {
          if (items.length === 0) return out.line(dim('no tracks match'));
          out.line(
            table(
              items.map((t) => [
                t.id,
                t.name,
                t.municipalityName ?? '–',
                `${t.phase}${t.paused ? ' (paused)' : ''}`,
                t.nextDeadlineOn ? `${t.nextDeadlineOn} ${t.nextDeadlineWhat ?? ''}`.trim() : '–',
                t.overdueCount ? String(t.overdueCount) : '',
              ]),
              ['track', kind === 'participant' ? 'participant' : 'company', 'municipality', 'phase', 'next deadline', 'overdue'],
            ),
          );
        });
      }),
    );
}
