import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greetingWorkflow } from '../workflows/index.js';
import { createHarness, uniqueId, type Harness } from './support/temporal.js';

describe('vertical slice: durable timer → PostgreSQL → SMTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('waits three days of workflow time, writes its row and sends exactly one e-mail', async () => {
    const greetingId = uniqueId('g');
    const startedAt = await h.env.currentTimeMs();
    const result = await h.env.client.workflow.execute(greetingWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `greeting-${greetingId}`,
      args: [{ greetingId, recipient: 'koordinator@kolding.dk', delay: '3 days' }],
    });
    // The durable timer really ran in skipped time: the row was written three days after the start.
    const row = await h.db.greeting.findUniqueOrThrow({ where: { id: greetingId } });
    expect(row.workflowId).toBe(`greeting-${greetingId}`);
    const elapsedMs = Number(await h.env.currentTimeMs()) - Number(startedAt);
    expect(elapsedMs).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);

    await h.mail.waitFor((all) => all.length >= 1);
    const received = h.mail.to('koordinator@kolding.dk');
    expect(received).toHaveLength(1);
    expect(received[0]!.parsed.subject).toBe('Dobbeltspor: forbindelsen virker');
    expect(received[0]!.parsed.text).toContain(greetingId);
    expect(received[0]!.parsed.html).toContain(`<strong>${greetingId}</strong>`);
    expect(received[0]!.parsed.messageId).toBe(result.messageId);

    const outbox = await h.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: `greeting:${greetingId}` } });
    expect(outbox.status).toBe('SENT');
    expect(outbox.attempts).toBe(1);
  });
});
