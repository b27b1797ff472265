// `company cooperate | cooperations | end-cooperation | report-problem | acknowledge-problem`: the light
// company track of programmes without an accelerator, and problem reports in every programme. Each
// command is one operation, the same the HTTP API calls (client/operations/company-cooperation.ts,
// companies.ts).
import type { Command } from 'commander';
import { dim, label, ok, table } from '../output.js';
import type { Runner } from '../runner.js';

const cooperation = () => import('../../operations/company-cooperation.js');
const companies = () => import('../../operations/companies.js');

export function registerCompanyCommands(program: Command, run: Runner): void {
  const company = program.commands.find((c) => c.name() === 'company') ?? program.command('company').description('companies of a cohort');

  company
    .command('cooperate')
    .description(
      "start a company's cooperation in a cohort without an accelerator (follow-up checks, problem reports answered fast); a running one is shown as it is",
    )
    .argument('<cohortId>', 'the cohort, e.g. boligjob-viborg-silkeborg-2021')
    .argument('<cvr>', "the company's CVR number")
    .option(
      '--municipality <code>',
      "the partnership's municipality code (needed when the company belongs to none of the cohort's partnerships, or several)",
    )
    .action(async (cohortId: string, cvr: string, opts: { municipality?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const c = await (
          await cooperation()
        ).startCooperation(await ctx.operations(), { cohortId, cvr, municipalityCode: opts.municipality });
        out.result(c, () =>
          out.line(
            ok(`${c.companyName} (CVR ${label(c.cvr)}) cooperates in ${c.partnershipId} since ${c.startedOn} ${dim(`(${c.workflowId})`)}`),
          ),
        );
      }),
    );

  company
    .command('cooperations')
    .description("the cohort's company cooperations: cause, status and next deadline")
    .argument('<cohortId>', 'the cohort')
    .action(async (cohortId: string, _opts: unknown, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const rows = await (await cooperation()).listCooperations(await ctx.operations(), cohortId);
        out.result(rows, () =>
          out.line(
            rows.length
              ? table(
                  rows.map((r) => [
                    r.cvr,
                    r.companyName,
                    r.municipalityCode,
                    r.cause,
                    r.status,
                    r.startedOn,
                    r.nextDeadlineOn ? `${r.nextDeadlineOn} ${r.nextDeadlineWhat ?? ''}` : '',
                  ]),
                  ['cvr', 'company', 'municipality', 'cause', 'status', 'since', 'next deadline'],
                )
              : 'no cooperations',
          ),
        );
      }),
    );

  company
    .command('end-cooperation')
    .description("end a company's cooperation: no more follow-up checks (a problem still open is followed to its end)")
    .argument('<cohortId>', 'the cohort')
    .argument('<cvr>', "the company's CVR number")
    .option('--municipality <code>', "the partnership's municipality code, when the company cooperates in several")
    .action(async (cohortId: string, cvr: string, opts: { municipality?: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        const c = await (
          await cooperation()
        ).endCooperation(await ctx.operations(), { cohortId, cvr, municipalityCode: opts.municipality });
        out.result(c, () => out.line(ok(`the cooperation of CVR ${label(c.cvr)} in ${c.partnershipId} has ended`)));
      }),
    );

  company
    .command('report-problem')
    .description(
      "report a company's problem (e.g. with a placed participant): the employment actor's contact is mailed at once, and reminded or escalated when it does not acknowledge it",
    )
    .argument('<cohortId>', 'the cohort')
    .argument('<cvr>', "the company's CVR number")
    .requiredOption('--description <text>', 'what the problem is (kept in the database, never in a workflow)')
    .option('--participant <trackId>', 'the participant track it concerns')
    .option('--municipality <code>', "without an accelerator: the partnership's municipality code, when it is not clear from the company")
    .option('--by <who>', 'who reports it', 'coordinator (CLI)')
    .action(
      async (
        cohortId: string,
        cvr: string,
        opts: { description: string; participant?: string; municipality?: string; by: string },
        cmd: Command,
      ) =>
        run(cmd, async ({ out, ctx }) => {
          const r = await (
            await companies()
          ).reportProblem(await ctx.operations(), {
            cohortId,
            cvr,
            description: opts.description,
            participantTrackId: opts.participant,
            municipalityCode: opts.municipality,
            reportedBy: opts.by,
          });
          out.result(r, () => out.line(ok(`problem report ${label(r.reportId)} sent to the employment actor`)));
        }),
    );

  company
    .command('acknowledge-problem')
    .description("acknowledge a company's problem report for the employment actor: its reminder and escalation stop")
    .argument('<cohortId>', 'the cohort')
    .argument('<cvr>', "the company's CVR number")
    .argument('<reportId>', 'the number of the problem report')
    .option('--by <who>', 'who acknowledges it', 'coordinator (CLI)')
    .action(async (cohortId: string, cvr: string, reportId: string, opts: { by: string }, cmd: Command) =>
      run(cmd, async ({ out, ctx }) => {
        await (await companies()).acknowledgeProblem(await ctx.operations(), { cohortId, cvr, reportId, acknowledgedBy: opts.by });
        out.result({ reportId, acknowledged: true }, () => out.line(ok(`problem report ${label(reportId)} acknowledged`)));
      }),
    );
}
