// `staff add | list | deactivate`: the people of an employment actor who do the work (mentors,
// support persons, job consultants, coordinators), registered without SQL.
import { Option, type Command } from 'commander';
import { dim, label, ok, table } from '../output.js';
import type { Runner } from '../runner.js';
import { OperationError } from '../../operations/operation-error.js';
import { parseChoice } from './parse.js';

const staffOps = () => import('../../operations/staff.js');
/** The roles offered without loading the operations (client/operations/staff.ts STAFF_ROLES). */
export const STAFF_ROLES = ['MENTOR', 'SUPPORT_PERSON', 'STAFF', 'COORDINATOR', 'JOB_CONSULTANT'] as const;

interface OwnerOptions {
  actor?: string;
  cohort?: string;
  municipality?: string;
}

function ownerOf(opts: OwnerOptions) {
  if (!opts.actor && !opts.cohort)
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      'give --actor <id>, or --cohort <id> and --municipality <code> of its partnership',
      'employmentActorId',
    );
  return { employmentActorId: opts.actor, cohortId: opts.cohort, municipalityCode: opts.municipality };
}

const ownerOptions = (c: Command) =>
  c
    .option('--actor <id>', 'the employment actor by id (as in the cohort file)')
    .option('--cohort <id>', 'or: the cohort of its partnership, e.g. klynge-1-2019')
    .option('--municipality <code>', "and the partnership's municipality code, e.g. 740");

export function registerStaffCommands(program: Command, run: Runner): void {
  const staff = program
    .command('staff')
    .description("an employment actor's staff: mentors, support persons, job consultants (JOB_CONSULTANT), coordinators");

  ownerOptions(staff.command('add').description('register a staff member of an employment actor (name and e-mail stay in PostgreSQL)'))
    .requiredOption('--name <name>', "the person's name")
    .requiredOption('--email <address>', 'where reminders and check-ins go')
    .addOption(
      new Option('--role <role>', 'what the person does (any case, - or _)')
        .choices([...STAFF_ROLES])
        .argParser(parseChoice(STAFF_ROLES))
        .makeOptionMandatory(),
    )
    .addHelpText('after', '\nThe same e-mail address twice at one employment actor is refused (exit 5).')
    .action(async (opts: OwnerOptions & { name: string; email: string; role: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (
          await staffOps()
        ).registerStaffMember(await ctx.operations(), { ...ownerOf(opts), name: opts.name, email: opts.email, role: opts.role });
        out.result(s, () => out.line(ok(`${s.role} ${label(s.id)} registered at ${s.employmentActorId} ${dim(`(${s.email})`)}`)));
      }),
    );

  ownerOptions(staff.command('list').description("an employment actor's active staff, with their ids"))
    .option('--all', 'include deactivated staff members')
    .action(async (opts: OwnerOptions & { all?: boolean }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const rows = await (await staffOps()).listStaff(await ctx.operations(), { ...ownerOf(opts), includeDeactivated: opts.all });
        out.result(rows, () =>
          out.line(
            rows.length
              ? table(
                  rows.map((r) => [r.id, r.role, r.name, r.email, r.active ? 'active' : `deactivated ${r.deactivatedAt!.slice(0, 10)}`]),
                  ['id', 'role', 'name', 'e-mail', 'status'],
                )
              : 'no staff registered',
          ),
        );
      }),
    );

  staff
    .command('deactivate')
    .description('deactivate a staff member: no new assignments, reminders go to the next in line, its API token stops working')
    .argument('<staffId>', "the staff member's id (see `staff list`)")
    .action(async (staffId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const s = await (await staffOps()).deactivateStaffMember(await ctx.operations(), staffId);
        out.result(s, () => out.line(ok(`staff member ${label(s.id)} deactivated`)));
      }),
    );
}
