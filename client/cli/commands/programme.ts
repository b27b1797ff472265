import type { Command } from 'commander';
import { dim, label, ok } from '../output.js';
import type { Runner } from '../runner.js';

export function registerProgrammeCommands(program: Command, run: Runner): void {
  const programme = program.command('programme').description('programme templates (YAML, validated against schemas/programme.schema.json)');

  programme
    .command('validate')
    .description('validate a programme template, or a cohort file together with the programme it names')
    .argument('<file>', 'a programme template (programmes/*.yaml) or a cohort file (cohorts/*.yaml)')
    .option('--programmes <dir>', "where a cohort file's programme is looked up (default: the project's programmes/)")
    .addHelpText(
      'after',
      '\nEvery problem is listed with file:line:column, its path in the file and a plain message.\nExit code 3 when the file is invalid.',
    )
    .action(async (file: string, opts: { programmes?: string }, cmd: Command) =>
      run(cmd, async ({ out }) => {
        const { loadCohortFile, loadProgrammeFile } = await import('../../operations/files.js');
        out.progress(`reading ${file}`);
        if (await looksLikeCohort(file)) {
          const loaded = await loadCohortFile(file, { programmesDir: opts.programmes });
          const { cohort, programme: p } = loaded;
          const slots = cohort.municipalities.reduce((n, m) => n + m.slots, 0);
          const companies = cohort.partnerships.reduce((n, x) => n + x.companies.length, 0);
          out.result(
            {
              valid: true,
              kind: 'cohort',
              file: loaded.cohortPath,
              id: cohort.id,
              programme: p.id,
              programmeFile: loaded.programmePath,
              municipalities: cohort.municipalities.length,
              slots,
              companies,
              participants: cohort.participants?.length ?? 0,
            },
            () => {
              out.line(ok(`${label(cohort.id)} is a valid cohort file`));
              out.line(`  programme ${p.id} ${dim(`(${loaded.programmePath})`)}`);
              out.line(
                `  ${cohort.municipalities.length} municipalities, ${slots} slots, ${companies} companies, ${cohort.participants?.length ?? 0} participants to import`,
              );
            },
          );
        } else {
          const p = await loadProgrammeFile(file);
          out.result({ valid: true, kind: 'programme', file, id: p.id, programmeKind: p.kind, version: p.version }, () => {
            out.line(ok(`${label(p.id)} is a valid programme template (${p.kind}, version ${p.version})`));
            out.line(`  ${p.name}`);
            out.line(
              `  participant: ${describeSpan(p.participant.workReadiness.length)} work readiness at ${p.participant.workReadiness.hoursPerWeek} h/week, then ${describeSpan(p.participant.jobTraining.length)} job training`,
            );
            if (p.company)
              out.line(
                `  company: boot camp in month ${p.company.bootCamp.month}, ${describeSpan(p.company.accelerator.length)} accelerator, camps every ${p.company.accelerator.campEveryWeeks} weeks`,
              );
            out.line(`  rate card: ${p.rateCard.lines.length} lines; targets: ${p.targets.map((t) => t.id).join(', ') || 'none'}`);
            if (p.jobOpenings)
              out.line(
                `  job openings: ${p.jobOpenings.kinds.join(', ')}; a match proposed within ${p.jobOpenings.matchWithinWorkingDays} working days`,
              );
            if (p.capacity)
              out.line(
                `  planned per cohort: ${[p.capacity.participants && `${p.capacity.participants} participants`, p.capacity.companies && `${p.capacity.companies} companies`].filter(Boolean).join(', ')}`,
              );
          });
        }
      }),
    );
}

/** A cohort file names a programme and lists municipalities; a template has a participant plan. */
async function looksLikeCohort(file: string): Promise<boolean> {
  const { readFile } = await import('node:fs/promises');
  const { isCohortText } = await import('../../operations/files.js');
  try {
    return isCohortText(await readFile(file, 'utf8'));
  } catch {
    return false;
  }
}

function describeSpan(s: { months?: number; weeks?: number; days?: number }): string {
  return [s.months && `${s.months} months`, s.weeks && `${s.weeks} weeks`, s.days && `${s.days} days`].filter(Boolean).join(' ');
}
