// `claims list | approve | reject`: the payer's check on Payment by Results. Every priced outcome is
// a claim the paying municipality approves or rejects with a reason; only approved claims are owed.
import { Option, type Command } from 'commander';
import { dim, label, ok, table } from '../output.js';
import type { Runner } from '../runner.js';
import { parseChoice } from './parse.js';

const claimOps = () => import('../../operations/claims.js');
/** client/operations/claims.ts CLAIM_STATUSES and ALL, kept here so `--help` loads nothing heavy. */
const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'ALL'] as const;

export function registerClaimCommands(program: Command, run: Runner): void {
  const claims = program
    .command('claims')
    .description("claims for outcome payments: each priced outcome awaits the paying municipality's approval");

  claims
    .command('list')
    .description('the claims, oldest first (pending ones by default), with their totals')
    .addOption(
      new Option('--status <status>', 'which claims')
        .choices([...STATUSES])
        .argParser(parseChoice(STATUSES))
        .default('PENDING'),
    )
    .option('--cohort <id>', 'one cohort, e.g. klynge-1-2019')
    .option('--municipality <code>', 'one municipality, e.g. 621')
    .action(async (opts: { status: (typeof STATUSES)[number]; cohort?: string; municipality?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const r = await (
          await claimOps()
        ).listClaims({ db: await ctx.db() }, { status: opts.status, cohortId: opts.cohort, municipalityCode: opts.municipality });
        out.result(r, () => {
          out.line(
            table(
              r.claims.map((c) => [c.outcomeId, c.status, c.municipalityCode, c.kind, c.occurredOn, c.amountDkk, c.evidenceRef]),
              ['outcome', 'status', 'municipality', 'kind', 'date', 'DKK', 'evidence'],
            ),
          );
          out.line(dim(`approved ${r.totals.approvedDkk} / pending ${r.totals.pendingDkk} / rejected ${r.totals.rejectedDkk} DKK`));
        });
      }),
    );

  claims
    .command('approve <outcomeId>')
    .description('approve a pending claim: its ledger entries are owed from now on (final)')
    .action(async (outcomeId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const c = await (await claimOps()).decideClaim({ db: await ctx.db() }, { outcomeId, decision: 'APPROVED' });
        out.result(c, () => out.line(ok(`claim ${label(c.outcomeId)} approved: ${c.amountDkk} DKK owed by ${c.municipalityCode}`)));
      }),
    );

  claims
    .command('reject <outcomeId>')
    .description('reject a pending claim with its reason: nothing of it is owed (final)')
    .requiredOption('--reason <text>', 'why (kept in the FreeText table)')
    .action(async (outcomeId: string, opts: { reason: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const c = await (await claimOps()).decideClaim({ db: await ctx.db() }, { outcomeId, decision: 'REJECTED', reason: opts.reason });
        out.result(c, () => out.line(ok(`claim ${label(c.outcomeId)} rejected: ${c.amountDkk} DKK not owed`)));
      }),
    );
}
