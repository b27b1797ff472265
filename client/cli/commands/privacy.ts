// `erase participant` and `outbox purge-sent`: a person's data removed at their request, and sent
// mail's bodies removed after the retention period (docs/personal-data.md).
import type { Command } from 'commander';
import { dim, label, ok } from '../output.js';
import type { Runner } from '../runner.js';
import { parseNumber } from './parse.js';

export function registerPrivacyCommands(program: Command, run: Runner): void {
  program
    .command('erase')
    .description("erase someone's personal data")
    .command('participant')
    .description(
      "erase a participant at their request: names, CPR, contact, health notes and free text about them removed in every table; ledger amounts stay under the participant's id; a running track is ended",
    )
    .argument('<participantId>', "the participant's id in PostgreSQL")
    .addHelpText('after', '\nErasing twice is harmless: the second call finds nothing left and says so. Audited.')
    .action(async (participantId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const { eraseParticipant } = await import('../../operations/erasure.js');
        const r = await eraseParticipant(await ctx.operations(), participantId);
        out.result(r, () => {
          out.line(
            ok(
              r.alreadyErased
                ? `participant ${label(participantId)} was erased already (${r.erasedAt}); nothing left to remove`
                : `participant ${label(participantId)} erased ${dim(
                    `(${Object.entries(r.changed)
                      .map(([t, n]) => `${t}: ${n}`)
                      .join(', ')})`,
                  )}`,
            ),
          );
          for (const t of r.tracksEnded) out.line(`  track ${label(t)} ended`);
        });
      }),
    );

  program
    .command('outbox')
    .description('the e-mail outbox')
    .command('purge-sent')
    .description('remove the bodies of e-mails sent more than SENT_MAIL_RETENTION_DAYS days ago (run daily by cron)')
    .option('--days <n>', 'days a sent e-mail keeps its body (default SENT_MAIL_RETENTION_DAYS)', parseNumber)
    .action(async (opts: { days?: number }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const { purgeSentMailBodies } = await import('../../operations/mail-retention.js');
        const r = await purgeSentMailBodies(await ctx.db(), opts.days ?? (await ctx.config()).SENT_MAIL_RETENTION_DAYS);
        out.result(r, () =>
          out.line(ok(`${r.purged} sent e-mail${r.purged === 1 ? '' : 's'} before ${r.sentBefore} purged of their bodies`)),
        );
      }),
    );
}
