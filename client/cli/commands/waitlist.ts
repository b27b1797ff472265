// `waitlist list | add | withdraw | offer`: a full cohort's waitlist (client/operations/waitlist.ts).
import type { Command } from 'commander';
import { dim, label, ok, table } from '../output.js';
import type { Runner } from '../runner.js';

const waitlistOps = () => import('../../operations/waitlist.js');

export function registerWaitlistCommands(program: Command, run: Runner): void {
  const waitlist = program
    .command('waitlist')
    .description("a full cohort's waitlist: the next place freed goes to the first in line, who is enrolled into it");

  waitlist
    .command('list')
    .description('those waiting, in order, then those enrolled from the list or withdrawn')
    .argument('<cohortId>', 'the cohort, e.g. bt-kolding-2027')
    .action(async (cohortId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const w = await (await waitlistOps()).cohortWaitlist(await ctx.operations(), cohortId);
        out.result(w, () => {
          if (w.places) out.line(`places: ${w.places.planned} planned, ${w.places.taken} taken, ${w.places.free} free`);
          out.line(`${w.waiting} waiting`);
          if (w.entries.length)
            out.line(
              table(
                w.entries.map((e) => [
                  e.position ? String(e.position) : '',
                  e.participantId,
                  e.partnershipId,
                  e.status,
                  e.trackId ?? '',
                  e.addedAt,
                ]),
                ['#', 'participant', 'partnership', 'status', 'track', 'added'],
              ),
            );
        });
      }),
    );

  waitlist
    .command('add')
    .description('put a participant refused for lack of a place (exit 5, COHORT_FULL) at the end of the waitlist')
    .argument('<cohortId>', 'the cohort')
    .requiredOption('--participant <id>', "the participant's id in PostgreSQL")
    .requiredOption('--municipality <code>', 'the partnership to enrol into, by municipality code, e.g. 621')
    .addHelpText(
      'after',
      '\nRefused while a place is free (exit 5, PLACE_FREE: enrol instead). Adding the same participant again shows the entry.',
    )
    .action(async (cohortId: string, opts: { participant: string; municipality: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const e = await (
          await waitlistOps()
        ).addToWaitlist(await ctx.operations(), cohortId, { participantId: opts.participant, municipalityCode: opts.municipality });
        out.result(e, () =>
          out.line(
            ok(
              e.status === 'WAITING'
                ? `${label(e.participantId)} ${e.created ? 'put' : 'is already'} on the waitlist of ${cohortId} at position ${e.position}`
                : `${label(e.participantId)} was enrolled from the waitlist at once: track ${label(e.trackId ?? '?')}`,
            ),
          ),
        );
      }),
    );

  waitlist
    .command('withdraw')
    .description('take a waiting participant off the waitlist')
    .argument('<cohortId>', 'the cohort')
    .argument('<participantId>', "the participant's id")
    .action(async (cohortId: string, participantId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const e = await (await waitlistOps()).withdrawFromWaitlist(await ctx.operations(), cohortId, participantId);
        out.result(e, () => out.line(ok(`${label(participantId)} taken off the waitlist of ${cohortId}`)));
      }),
    );

  waitlist
    .command('offer')
    .description('enrol the first in line into each free place now (done by itself when a track frees its place)')
    .argument('<cohortId>', 'the cohort')
    .action(async (cohortId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const operations = await waitlistOps();
        const c = await ctx.operations();
        await operations.cohortWaitlist(c, cohortId);
        const enrolled = await operations.offerFreePlaces(c, cohortId);
        out.result({ cohortId, enrolled }, () =>
          out.line(enrolled.length ? ok(`enrolled from the waitlist: ${enrolled.map(label).join(', ')}`) : dim('no place to offer')),
        );
      }),
    );
}
