// The what-if run over HTTP (`cohort simulate` of the CLI): a cohort file, shipped or sent, run through
// its months by the agendas without Temporal or PostgreSQL (client/operations/what-if.ts). The same
// summary and events as the CLI's: JSON (the summary with every event), or the events as the CLI's
// CSV file, by `format` or, without it, the Accept header. Nothing is written: no audit row either.
import type { FastifyInstance } from 'fastify';
import { simulateCohortFile, whatIfCsv, WHAT_IF_DEFAULT_MONTHS } from '../operations/what-if.js';
import { COHORT_FILE_PROPERTIES, cohortFileOfBody } from './cohort-file-body.js';
import { deny, principalOf, type ApiDeps } from './context.js';
import { errorResponses } from './schemas.js';

const FORMATS = ['json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

interface SimulateBody {
  file?: string;
  yaml?: string;
  months?: number;
  hireEvery?: number;
  selectCompanies?: boolean;
  format?: Format;
}

/** How much an Accept header wants `type`: its most specific matching range's q (1 by default), 0 if none. */
function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best: { specificity: number; q: number } = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = params.find((x) => x.startsWith('q='));
    best = { specificity, q: q ? Number(q.slice(2)) || 0 : 1 };
  }
  return best.q;
}

/** CSV when asked by `format`, else when the Accept header prefers text/csv to JSON; JSON otherwise. */
function simulationFormat(asked: Format | undefined, accept: string | undefined): Format {
  if (asked) return asked;
  if (!accept) return 'json';
  const csv = quality(accept, 'text/csv');
  return csv > 0 && csv > quality(accept, 'application/json') ? 'csv' : 'json';
}

export function simulateRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  app.post<{ Body: SimulateBody }>(
    '/api/cohorts/simulate',
    {
      config: { roles: ['coordinator', 'operator'], does: 'run what-if simulations of cohort files' },
      schema: {
        tags: ['cohorts'],
        summary: "What-if: a cohort file's tracks through their months without the engine, every due date, e-mail and outcome",
        description:
          "As `dobbeltspor cohort simulate`: the file (one shipped in cohorts/ by name, or the YAML itself) is validated as a start validates it (its problems answered in `issues`), then its participant and company tracks run through `months` months from the cohort's first day by the agendas the workflows run, with nobody recording anything (the most reminders the plan sends), every company selected when its boot camp ends unless `selectCompanies` is false, and every `hireEvery`-th participant recorded in an ordinary job the day job training ends. Nothing is written or started. JSON: the summary (events by kind, e-mails by template, the timers the workflows would sleep on, the phase each track ends in) with every event in time order; CSV (`format: csv`, or `Accept: text/csv`): the events as the CLI's `--events <file>.csv` writes them (`;`, UTF-8 with a byte-order mark, local times in Europe/Copenhagen). A coordinator simulates files of its own programmes only.",
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...COHORT_FILE_PROPERTIES,
            months: {
              type: 'integer',
              minimum: 1,
              maximum: 60,
              default: WHAT_IF_DEFAULT_MONTHS,
              description: "months from the cohort's first day",
            },
            hireEvery: {
              type: 'integer',
              minimum: 0,
              maximum: 100_000,
              description: 'every n-th participant is recorded in an ordinary job the day job training ends (default 0: none)',
            },
            selectCompanies: {
              type: 'boolean',
              default: true,
              description: 'every company selected into the accelerator when its boot camp ends (false: none)',
            },
            format: {
              type: 'string',
              enum: [...FORMATS],
              description: 'json or csv; without it, the Accept header decides (JSON unless it asks for text/csv only)',
            },
          },
        },
        response: {
          200: { description: 'the summary with every event (JSON), or the events as CSV' },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { content } = await cohortFileOfBody(req.body);
      const p = principalOf(req);
      if (p.role === 'coordinator' && !(p.scope.programmeIds ?? []).includes(content.programme.id)) {
        await deny(db, req, `a coordinator may simulate cohorts of its own programmes only, not of ${content.programme.id}`, {
          entity: 'Cohort',
          entityId: content.cohort.id,
        });
      }
      const { months, hireEvery, selectCompanies } = req.body;
      const { summary, events } = simulateCohortFile(content, { months, hireEvery, selectCompanies });
      if (simulationFormat(req.body.format, req.headers.accept) === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${content.cohort.id}-what-if.csv"`)
          .send(whatIfCsv(events));
      }
      return reply.type('application/json').send({ ...summary, events });
    },
  );
}
