import { campInvitationWorkflowId } from '../../contracts/workflow-ids.js';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { copyOutboxRows } from '../../store/outbox-copies.js';
import { resendEmailWorkflow } from '../../workflows/index.js';
import { storeFreeText } from '../../store/free-text.js';
import { audited, temporalUiUrl, type ApiDeps } from './context.js';
import { ConflictError, NotFoundError } from './errors.js';
import { acceptedResponse, errorResponses, idParam } from './schemas.js';

/** A pending e-mail untouched this long is taken as stuck (its workflow gone or given up). */
const STUCK_AFTER_MS = 15 * 60_000;

/** What only an operator does: retry a failed e-mail, resend an invitation, terminate a workflow. */
export function operatorRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  async function startResend(workflowId: string, input: { outboxId: string; copyKey?: string }) {
    try {
      await client.workflow.start(resendEmailWorkflow, { taskQueue: config.TASK_QUEUE, workflowId, args: [input] });
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError)
        throw new ConflictError(`this e-mail is being sent already (workflow ${workflowId})`);
      throw e;
    }
    return { workflowId, temporalUrl: temporalUiUrl(config, workflowId) };
  }

  app.post<{ Params: { outboxId: string } }>(
    '/api/emails/:outboxId/retry',
    {
      config: { roles: ['operator'], does: 'retry e-mails' },
      schema: {
        tags: ['operator'],
        summary: 'Retry a failed e-mail (or one pending for over 15 minutes) from the outbox, as it was rendered',
        description:
          'Sent through a workflow `email-retry-<id>-<attempts>` with a fresh set of attempts. An e-mail already sent, being sent, or still being retried by its own workflow is answered 409.',
        params: idParam('outboxId'),
        response: { 202: acceptedResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const row = await db.emailOutbox.findUnique({ where: { id: req.params.outboxId } });
      if (!row) throw new NotFoundError(`no e-mail ${req.params.outboxId} in the outbox`);
      if (row.status === 'SENT')
        throw new ConflictError(`e-mail ${row.id} was sent at ${row.sentAt?.toISOString() ?? '?'}; resend an invitation to send a copy`);
      // An erasure or the retention of sent mail (docs/personal-data.md) left nothing to send.
      if (!row.html && !row.text) throw new ConflictError(`e-mail ${row.id} has no content any more (erased): nothing to send`);
      // A pending row touched lately is still in its own workflow's retries: a second sender could
      // deliver it twice. Only failed rows, or pending ones left alone for a while, are retried.
      if (row.status === 'PENDING' && row.claimedUntil && row.claimedUntil.getTime() > Date.now()) {
        throw new ConflictError(
          `e-mail ${row.id} is being sent right now; retry it if it is still pending after ${STUCK_AFTER_MS / 60_000} minutes`,
        );
      }
      if (row.status === 'PENDING' && Date.now() - row.updatedAt.getTime() < STUCK_AFTER_MS) {
        throw new ConflictError(
          `e-mail ${row.id} is still being retried by its workflow (last attempt ${row.updatedAt.toISOString()}); retry it if it is still pending after ${STUCK_AFTER_MS / 60_000} minutes`,
        );
      }
      const started = await startResend(`email-retry-${row.id}-${row.attempts}`, { outboxId: row.id });
      await audited(db, req, { entity: 'EmailOutbox', entityId: row.id }, { workflowId: started.workflowId });
      return reply.code(202).send({ ...started, message: `retrying e-mail ${row.id}` });
    },
  );

  app.post<{ Params: { invitationId: string } }>(
    '/api/invitations/:invitationId/resend',
    {
      config: { roles: ['operator'], does: 'resend invitations' },
      schema: {
        tags: ['operator'],
        summary: "Send a fresh copy of a company's camp invitation e-mail",
        description:
          'Every address of the company gets a copy (idempotency key `<key>:resend:<n>`); all copies are in the outbox before the first is sent.',
        params: idParam('invitationId'),
        response: { 202: acceptedResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const invitation = await db.campInvitation.findUnique({
        where: { id: req.params.invitationId },
        include: { company: { select: { cvr: true } } },
      });
      if (!invitation) throw new NotFoundError(`camp invitation ${req.params.invitationId} does not exist`);
      const campWorkflowId = campInvitationWorkflowId(invitation.campId, invitation.company.cvr);
      // The invitation is the first e-mail of the camp's workflow for this company, one row per address
      // of the company: their keys differ only in the address's index at the end.
      const original = await db.emailOutbox.findFirst({
        where: { workflowId: campWorkflowId, NOT: { idempotencyKey: { contains: ':resend:' } } },
        orderBy: { createdAt: 'asc' },
      });
      if (!original) throw new NotFoundError(`no invitation e-mail has been sent for camp invitation ${invitation.id} yet`);
      const message = original.idempotencyKey.replace(/:\d+$/, '');
      const rows = (
        await db.emailOutbox.findMany({
          where: {
            workflowId: campWorkflowId,
            idempotencyKey: { startsWith: `${message}:` },
            NOT: { idempotencyKey: { contains: ':resend:' } },
          },
        })
      )
        .filter((r) => /^\d+$/.test(r.idempotencyKey.slice(message.length + 1)))
        .sort((a, b) => Number(a.idempotencyKey.slice(message.length + 1)) - Number(b.idempotencyKey.slice(message.length + 1)));
      if (rows.some((r) => !r.html && !r.text))
        throw new ConflictError(
          `the invitation e-mail of ${invitation.id} has no content any more (SENT_MAIL_RETENTION_DAYS): nothing to copy`,
        );
      const copies = await db.emailOutbox.count({ where: { idempotencyKey: { startsWith: `${original.idempotencyKey}:resend:` } } });
      const n = copies + 1;
      // Every address's copy is in the outbox before any is sent; each is then sent by its own workflow.
      const copyIds = await copyOutboxRows(db, rows, n);
      const started = [];
      for (const [i, copyId] of copyIds.entries())
        started.push(await startResend(`email-resend-${rows[i]!.id}-${n}`, { outboxId: copyId }));
      await audited(
        db,
        req,
        { entity: 'CampInvitation', entityId: invitation.id },
        { workflowIds: started.map((s) => s.workflowId), outboxIds: rows.map((r) => r.id) },
      );
      return reply.code(202).send({
        ...started[0]!,
        workflowIds: started.map((s) => s.workflowId),
        message: `resending invitation ${invitation.id} to ${rows.length} address${rows.length === 1 ? '' : 'es'} (copy ${n})`,
      });
    },
  );

  app.post<{ Params: { kind: 'participant' | 'company'; trackId: string }; Body: { reason: string } }>(
    '/api/tracks/:kind/:trackId/terminate',
    {
      config: { roles: ['operator'], does: 'terminate workflows' },
      schema: {
        tags: ['operator'],
        summary: "Terminate a track's workflow (last resort: no compensation runs)",
        params: {
          type: 'object',
          required: ['kind', 'trackId'],
          properties: { kind: { type: 'string', enum: ['participant', 'company'] }, trackId: { type: 'string', minLength: 1 } },
        },
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } },
        },
        response: { 200: acceptedResponse, ...errorResponses },
      },
    },
    async (req) => {
      const { kind, trackId } = req.params;
      const track =
        kind === 'participant'
          ? await db.participantTrack.findUnique({ where: { id: trackId }, select: { workflowId: true } })
          : await db.companyTrack.findUnique({ where: { id: trackId }, select: { workflowId: true } });
      if (!track) throw new NotFoundError(`${kind} track ${trackId} does not exist`);
      const entity = kind === 'participant' ? 'ParticipantTrack' : 'CompanyTrack';
      // The reason and who gave it stay in PostgreSQL (FreeText, AuditLog); the history names the FreeText row.
      const reasonId = await storeFreeText(db, { kind: 'terminate-reason', entity, entityId: trackId, text: req.body.reason });
      try {
        await client.workflow.getHandle(track.workflowId).terminate(`terminated by an operator, reason: FreeText ${reasonId}`);
      } catch (e) {
        await db.freeText.delete({ where: { id: reasonId } }).catch(() => undefined);
        if (e instanceof WorkflowNotFoundError) throw new ConflictError(`workflow ${track.workflowId} is not running`);
        throw e;
      }
      await audited(db, req, { entity, entityId: trackId }, { reasonId });
      return { workflowId: track.workflowId, temporalUrl: temporalUiUrl(config, track.workflowId), message: 'terminated' };
    },
  );
}
