// The support work through the CLI as typed (`node bin/dobbeltspor.js …`, as `npx dobbeltspor` runs
// it): the shipped Business Training file started this year, under way; a teacher registered with
// `staff add`; a group session and a conversation recorded, refusals with their exit codes, and the
// participant's logged support read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateAt } from '../domain/calendar.js';
import type { SupportActivity } from '../client/operations/support-activity.js';
import { cliEnv, runCli } from './support/cli.js';
import { createHarness, type Harness } from './support/temporal.js';

const COHORT = 'business-training-kolding-2020';
const [T1, T2, T3] = [1, 2, 3].map((n) => `${COHORT}-bt-kolding-${n}`) as [string, string, string];

describe('support work through the CLI: group sessions, conversations, the logged support', () => {
  let h: Harness;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(env, args);

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    env = cliEnv(h);
  });
  afterAll(() => h?.close());

  it('records a session and a conversation as typed, refuses with exit codes, and lists the support', async () => {
    // The CLI judges "today" by the machine's clock: the pilot's file runs this year, already under way.
    const today = localDateAt(Date.now());
    const year = today.slice(0, 4);
    const start = await cli('cohort', 'start', `cohorts/${COHORT}.yaml`, '--year', year, '--under-way');
    expect(start.code, start.stderr).toBe(0);
    await expect
      .poll(async () => (await h.db.participantTrack.findMany({ where: { cohortId: COHORT } })).map((t) => t.phase), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['JOB_TRAINING']));
    const phase = (await h.db.participantTrack.findUniqueOrThrow({ where: { id: T1 } })).phase;
    expect(['WORK_READINESS', 'JOB_TRAINING']).toContain(phase);

    const added = await cli(
      '--json',
      'staff',
      'add',
      '--actor',
      'ea-bt-kolding',
      '--name',
      'Tage Underviser',
      '--email',
      'tage@jobindsats-kolding.example.dk',
      '--role',
      'STAFF',
    );
    expect(added.code, added.stderr).toBe(0);
    const teacher = (JSON.parse(added.stdout) as { id: string }).id;

    const session = (...extra: string[]) =>
      cli(
        '--json',
        'record',
        'group-session',
        '--partnership',
        `${COHORT}-621`,
        '--on',
        today,
        '--hours',
        '2',
        '--present',
        `${T1}, ${T2}`,
        '--absent',
        T3,
        '--staff',
        teacher,
        ...extra,
      );
    const held = await session('--topic', 'Sprog på arbejdspladsen');
    expect(held.code, held.stderr).toBe(0);
    expect(JSON.parse(held.stdout)).toMatchObject({ present: [T1, T2], absent: [T3], hours: 2, staffMemberId: teacher });
    // The same session again is refused by the state (exit 5), a topic the programme does not teach
    // is invalid input (exit 3), each naming its field; nothing more is written.
    const again = await session('--topic', 'Sprog på arbejdspladsen');
    expect([again.code, JSON.parse(again.stdout).error.field]).toEqual([5, 'heldOn']);
    const unknownTopic = await session('--topic', 'Cykelreparation');
    expect([unknownTopic.code, JSON.parse(unknownTopic.stdout).error.field]).toEqual([3, 'topic']);
    expect(await h.db.groupSession.count()).toBe(1);

    const talk = await cli('record', 'support-contact', T1, '--kind', 'conversation', '--on', today, '--minutes', '45', '--staff', teacher);
    expect(talk.code, talk.stderr).toBe(0);
    const followAlong = await cli(
      'record',
      'support-contact',
      T1,
      '--kind',
      'follow-along',
      '--on',
      today,
      '--minutes',
      '30',
      '--staff',
      teacher,
    );
    expect(followAlong.code).toBe(5);
    expect(followAlong.stderr).toContain('follow-along support comes after a hire');
    const badKind = await cli('record', 'support-contact', T1, '--kind', 'chat', '--on', today, '--minutes', '30');
    expect(badKind.code).toBe(2);

    const listed = await cli('--json', 'track', 'support', T1);
    expect(listed.code, listed.stderr).toBe(0);
    const support = JSON.parse(listed.stdout) as SupportActivity;
    expect(support.totals).toEqual({
      minutes: { INDIVIDUAL_CONVERSATION: 45, EMPLOYER_CONTACT: 0, FOLLOW_ALONG: 0 },
      groupHoursAttended: 2,
      groupSessionsMissed: 0,
    });
    expect(support.groupSessions).toEqual([expect.objectContaining({ heldOn: today, topic: 'Sprog på arbejdspladsen', present: true })]);
    const absent = JSON.parse((await cli('--json', 'track', 'support', T3)).stdout) as SupportActivity;
    expect(absent.totals).toMatchObject({ groupHoursAttended: 0, groupSessionsMissed: 1 });
  });
});
