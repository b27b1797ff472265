// The support work the employment actor's staff log: group-teaching sessions of a partnership and a
// participant's support contacts (conversations, IPS employer contacts, follow-along support after a
// hire). Each command is one operation, the same the HTTP API calls.
import { InvalidArgumentError, type Command } from 'commander';
import type { SupportContactKind } from '../../../domain/support-activity.js';
import { label, ok } from '../output.js';
import type { Runner } from '../runner.js';
import { parseDate, parseNumber } from './parse.js';

const support = () => import('../../operations/support-activity.js');

/** The kinds as typed: `conversation`, `employer`, `follow-along`. */
const KINDS: Record<string, SupportContactKind> = {
  conversation: 'INDIVIDUAL_CONVERSATION',
  employer: 'EMPLOYER_CONTACT',
  'follow-along': 'FOLLOW_ALONG',
};

function parseKind(value: string): SupportContactKind {
  const kind = KINDS[value];
  if (!kind) throw new InvalidArgumentError(`one of ${Object.keys(KINDS).join(', ')}`);
  return kind;
}

/** "a,b , c" → ["a", "b", "c"]. */
function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerSupportCommands(program: Command, run: Runner): void {
  const record = group(program, 'record', "record attendance or an outcome on a participant's track");
  record
    .command('group-session')
    .description("record a group-teaching session of a partnership: a topic of the programme's training topics, who was there")
    .requiredOption('--partnership <id>', 'the partnership (e.g. business-training-kolding-2020-621)')
    .requiredOption('--on <date>', 'the day it was held (YYYY-MM-DD)', parseDate)
    .requiredOption('--topic <topic>', "one of the programme's training topics, as written in the template")
    .requiredOption('--hours <n>', 'its length in hours (quarter hours)', parseNumber)
    .requiredOption('--present <tracks>', 'participant tracks present, separated by commas', parseList)
    .option('--absent <tracks>', 'participant tracks expected but absent, separated by commas', parseList)
    .option('--staff <staffId>', 'who held it (a staff id of the partnership’s employment actor)')
    .action(
      async (
        opts: { partnership: string; on: string; topic: string; hours: number; present: string[]; absent?: string[]; staff?: string },
        cmd: Command,
      ) =>
        run(cmd, async ({ out, ctx }) => {
          const s = await (
            await support()
          ).recordGroupSession(await ctx.operations(), {
            partnershipId: opts.partnership,
            heldOn: opts.on,
            topic: opts.topic,
            hours: opts.hours,
            present: opts.present,
            absent: opts.absent,
            staffMemberId: opts.staff,
          });
          out.result(s, () =>
            out.line(ok(`group session ${label(s.id)} on ${s.heldOn} recorded: ${s.present.length} present, ${s.absent.length} absent`)),
          );
        }),
    );

  record
    .command('support-contact')
    .description(
      "record a support contact of a participant: an individual conversation, an employer contact (IPS; the first is the track's first employer contact) or follow-along support after a hire",
    )
    .argument('<trackId>', "the participant's track")
    .requiredOption('--kind <kind>', `what it was: ${Object.keys(KINDS).join(', ')}`, parseKind)
    .requiredOption('--on <date>', 'the day (YYYY-MM-DD)', parseDate)
    .requiredOption('--minutes <n>', 'how long', parseNumber)
    .option('--staff <staffId>', 'who held it (a staff id of the partnership’s employment actor)')
    .option('--cvr <cvr>', 'employer contacts: the company, when the programme knows it')
    .action(
      async (
        trackId: string,
        opts: { kind: SupportContactKind; on: string; minutes: number; staff?: string; cvr?: string },
        cmd: Command,
      ) =>
        run(cmd, async ({ out, ctx }) => {
          const c = await (
            await support()
          ).recordSupportContact(await ctx.operations(), trackId, {
            kind: opts.kind,
            heldOn: opts.on,
            minutes: opts.minutes,
            staffMemberId: opts.staff,
            cvr: opts.cvr,
          });
          out.result(c, () => out.line(ok(`${c.kind} of ${c.minutes} minutes on ${c.heldOn} recorded on ${label(trackId)}`)));
        }),
    );

  group(program, 'track', 'participant and company tracks')
    .command('support')
    .description("a participant's logged support: contacts and group sessions, with minutes and hours")
    .argument('<trackId>', "the participant's track")
    .action(async (trackId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const a = await (await support()).supportActivity(await ctx.operations(), trackId);
        out.result(a, () => {
          for (const c of a.contacts)
            out.line(`${c.heldOn}  ${c.kind}  ${c.minutes} min  ${c.staffMemberId}${c.cvr ? `  CVR ${c.cvr}` : ''}`);
          for (const s of a.groupSessions)
            out.line(`${s.heldOn}  GROUP_SESSION  ${s.hours} h  ${s.present ? 'present' : 'absent'}  ${s.topic}`);
          const m = a.totals.minutes;
          out.line(
            `conversations ${m.INDIVIDUAL_CONVERSATION} min, employer contacts ${m.EMPLOYER_CONTACT} min, follow-along ${m.FOLLOW_ALONG} min; group teaching ${a.totals.groupHoursAttended} h attended, ${a.totals.groupSessionsMissed} sessions missed`,
          );
        });
      }),
    );
}
