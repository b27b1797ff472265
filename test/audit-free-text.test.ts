import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeText } from '../store/free-text.js';
import { companyTimeline } from '../client/api/timeline.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const MIGRATION = new URL('../prisma/migrations/20261130124500_free_text_out_of_audit_log/migration.sql', import.meta.url);

// Audit rows as they were written before problem reports and anchoring notes went to FreeText.
describe('free text recorded in the audit log before FreeText is moved out of it', () => {
  let t: TestDatabase;
  const track = {
    id: 'ct-legacy',
    workflowId: 'company-klynge-1-2019-12345678',
    companyId: 'no-company',
    cohortId: 'klynge-1-2019',
    cvr: '12345678',
  };
  const report = 'Mette Hansen er udeblevet tre dage i træk og virker syg';
  const note = 'Buddy Jens Jensen er gået på pension';

  beforeAll(async () => {
    t = await createTestDatabase();
    const base = { role: 'COMPANY', entity: 'CompanyTrack', entityId: track.id };
    await t.db.auditLog.createMany({
      data: [
        { ...base, actor: 'hr@firma.dk', action: 'company.problem-report', details: { description: report, participantTrackId: null } },
        {
          ...base,
          actor: 'hr@firma.dk',
          action: 'company.anchoring-answer',
          details: {
            cohortId: track.cohortId,
            cvr: track.cvr,
            checkNo: 1,
            respondent: 'COMPANY',
            socialModelInUse: 'PARTLY',
            note,
            answeredBy: 'hr@firma.dk',
          },
        },
        {
          ...base,
          actor: 'hr@firma.dk',
          action: 'company.anchoring-answer',
          details: {
            cohortId: track.cohortId,
            cvr: track.cvr,
            checkNo: 2,
            respondent: 'COMPANY',
            socialModelInUse: 'YES',
            note: '  ',
            answeredBy: 'hr@firma.dk',
          },
        },
      ],
    });
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      await c.query(readFileSync(MIGRATION, 'utf8'));
    } finally {
      await c.end();
    }
  });
  afterAll(() => t?.drop());

  it('leaves only ids in the audit rows and the texts in FreeText, where the mail and the timeline read them', async () => {
    const rows = await t.db.auditLog.findMany({ orderBy: { id: 'asc' } });
    const details = rows.map((r) => JSON.stringify(r.details)).join('\n');
    for (const text of [report, note, 'hr@firma.dk']) expect(details).not.toContain(text);
    const [problem, answer, blank] = rows.map((r) => r.details as Record<string, unknown>);
    expect(problem).toEqual({ descriptionId: expect.any(String), participantTrackId: null });
    expect(answer).toEqual({
      cohortId: track.cohortId,
      cvr: track.cvr,
      checkNo: 1,
      respondent: 'COMPANY',
      socialModelInUse: 'PARTLY',
      noteId: expect.any(String),
    });
    expect(blank).not.toHaveProperty('noteId');
    // The problem e-mail to the employment actor reads the description by its id.
    expect(await freeText(t.db, problem!.descriptionId as string)).toBe(report);
    expect(
      await t.db.freeText.findMany({ orderBy: { kind: 'asc' }, select: { kind: true, entity: true, entityId: true, text: true } }),
    ).toEqual([
      { kind: 'anchoring-note', entity: 'CompanyTrack', entityId: track.id, text: note },
      { kind: 'problem-report', entity: 'CompanyTrack', entityId: track.id, text: report },
    ]);
    const events = await companyTimeline(t.db, track);
    expect(events.map((e) => e.detail)).toEqual([
      `hr@firma.dk (COMPANY): problem: ${report}`,
      `hr@firma.dk (COMPANY): note: ${note}`,
      'hr@firma.dk (COMPANY)',
    ]);
  });
});
