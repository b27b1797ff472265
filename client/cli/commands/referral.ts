// `participant register`: a referred citizen registered from the municipality's referral, outside a
// cohort file, to enrol or put on a waitlist.
import type { Command } from 'commander';
import { dim, label, ok } from '../output.js';
import type { Runner } from '../runner.js';
import { parseDate, parseNumber } from './parse.js';

export function registerReferralCommands(program: Command, run: Runner): void {
  program
    .command('participant')
    .description('participants (citizens referred by their municipality)')
    .command('register')
    .description("register a referred participant of a programme; prints the participant's id")
    .requiredOption('--programme <id>', 'the programme the referral is for, e.g. business-training')
    .requiredOption('--given-name <name>', 'given name')
    .requiredOption('--family-name <name>', 'family name')
    .requiredOption('--municipality <code>', 'the referring municipality, e.g. 621')
    .requiredOption('--referred-on <date>', 'the referral date (YYYY-MM-DD)', parseDate)
    .option('--cpr <number>', 'CPR number (DDMMYY-XXXX or 10 digits)')
    .option('--email <address>', 'e-mail address')
    .option('--phone <number>', 'phone number')
    .option('--benefit-category <category>', 'a category of data/benefit-rates.yaml, for the savings simulation')
    .option('--benefit-weeks-before <n>', 'weeks on benefit before the programme', parseNumber)
    .addHelpText('after', '\nThe same CPR number twice in one programme is refused (exit 5).')
    .action(
      async (
        opts: {
          programme: string;
          givenName: string;
          familyName: string;
          municipality: string;
          referredOn: string;
          cpr?: string;
          email?: string;
          phone?: string;
          benefitCategory?: string;
          benefitWeeksBefore?: number;
        },
        cmd: Command,
      ) =>
        run(cmd, async ({ out, ctx }) => {
          const { registerParticipant } = await import('../../operations/participant-registration.js');
          const p = await registerParticipant(await ctx.operations(), {
            programmeId: opts.programme,
            givenName: opts.givenName,
            familyName: opts.familyName,
            municipality: opts.municipality,
            referredOn: opts.referredOn,
            cpr: opts.cpr,
            email: opts.email,
            phone: opts.phone,
            benefitCategory: opts.benefitCategory,
            benefitWeeksBefore: opts.benefitWeeksBefore,
          });
          out.result(p, () =>
            out.line(ok(`participant ${label(p.id)} registered ${dim(`(${p.programmeId}, municipality ${p.municipalityCode})`)}`)),
          );
        }),
    );
}
