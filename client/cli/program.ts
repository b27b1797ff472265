// The coordinator's command line: `npx dobbeltspor <command>`. Each command is a thin layer over an
// operation in client/operations/; see docs/cli.md for every command and exit code.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCampCommands, registerPauseCommands, registerSelectCommand } from './commands/camp-and-pause.js';
import { registerClaimCommands } from './commands/claims.js';
import { registerCompanyCommands } from './commands/company.js';
import { registerCohortCommands } from './commands/cohort.js';
import { registerListCommands } from './commands/lists.js';
import { registerOpeningCommands } from './commands/opening.js';
import { registerParticipantCommands } from './commands/participant.js';
import { registerPrivacyCommands } from './commands/privacy.js';
import { registerProgrammeCommands } from './commands/programme.js';
import { registerReferralCommands } from './commands/referral.js';
import { registerReportCommand } from './commands/report.js';
import { registerStaffCommands } from './commands/staff.js';
import { registerStepCommands } from './commands/steps.js';
import { registerSupportCommands } from './commands/support.js';
import { registerWaitlistCommands } from './commands/waitlist.js';
import { EXIT } from './exit-codes.js';
import { createRunner } from './runner.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('dobbeltspor')
    .version(version, '-V, --version', 'print the version of Dobbeltspor')
    .description('Dobbeltspor: run Danish social-inclusion programmes (cohorts, participant and company tracks) on Temporal')
    .option('--json', 'print one JSON document on stdout instead of coloured text')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Configuration comes from the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE, DATABASE_URL …).
Exit codes: 0 ok, 1 unexpected failure, 2 usage error, 3 invalid file or input, 4 not found,
5 refused by the current state (e.g. cohort already started), 6 Temporal/PostgreSQL unavailable or bad configuration.`,
    );
  const run = createRunner();
  registerProgrammeCommands(program, run);
  const cohort = registerCohortCommands(program, run);
  registerListCommands(program, cohort, run);
  registerCompanyCommands(program, run);
  registerParticipantCommands(program, run);
  registerSelectCommand(program, run);
  registerCampCommands(program, run);
  registerPauseCommands(program, run);
  registerReportCommand(program, run);
  registerClaimCommands(program, run);
  registerStaffCommands(program, run);
  registerStepCommands(program, run);
  registerSupportCommands(program, run);
  registerPrivacyCommands(program, run);
  registerWaitlistCommands(program, run);
  registerReferralCommands(program, run);
  registerOpeningCommands(program, run);
  return program;
}

/** Parses and runs; returns the exit code. Commander's own errors (usage) become exit code 2. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  for (const c of allCommands(program)) c.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    throw e;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}
