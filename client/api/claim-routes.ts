import type { FastifyInstance } from 'fastify';
import { CLAIM_STATUSES, decideClaim, listClaims, type ClaimStatus } from '../operations/claims.js';
import type { OperationContext } from '../operations/context.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses, idParam } from './schemas.js';

const claimItem = {
  type: 'object',
  properties: {
    outcomeId: { type: 'string' },
    status: { type: 'string', enum: [...CLAIM_STATUSES] },
    cohortId: { type: 'string' },
    municipalityCode: { type: 'string' },
    participantTrackId: { type: ['string', 'null'] },
    companyTrackId: { type: ['string', 'null'] },
    kind: { type: 'string' },
    occurredOn: { type: 'string', description: 'YYYY-MM-DD' },
    hoursPerWeek: { type: ['number', 'null'] },
    retentionWeeks: { type: ['integer', 'null'] },
    amountDkk: { type: 'string', description: 'net of reversals, e.g. "40000.00"' },
    rateCardLines: { type: 'array', items: { type: 'string' } },
    ledgerEntryIds: { type: 'array', items: { type: 'string' } },
    evidenceRef: { type: 'string' },
    recordedAt: { type: 'string' },
    decidedBy: { type: ['string', 'null'] },
    decidedAt: { type: ['string', 'null'] },
    reason: { type: ['string', 'null'], description: "a rejection's reason" },
  },
} as const;

/**
 * Claims over HTTP: every priced outcome is a claim the paying municipality's caseworker approves or
 * rejects with a reason (client/operations/claims.ts checks who may, and audits refusals). The
 * pending listing is the caseworker's work queue.
 */
export function claimRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE };

  app.get<{ Querystring: { status?: ClaimStatus | 'ALL'; cohort?: string; municipality?: string } }>(
    '/api/claims',
    {
      config: { roles: ['caseworker', 'coordinator', 'operator'], does: 'list claims' },
      schema: {
        tags: ['ledger'],
        summary: 'Claims for outcome payments, oldest first: pending ones by default (the caseworker’s work queue)',
        description:
          "A caseworker sees its own municipality's claims only (another municipality is 403), a coordinator those of its programmes. Only approved claims are owed: the report's payments count them alone.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...CLAIM_STATUSES, 'ALL'], default: 'PENDING' },
            cohort: { type: 'string', minLength: 1, maxLength: 200 },
            municipality: { type: 'string', pattern: '^\\d{3}$', description: 'municipality code' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              claims: { type: 'array', items: claimItem },
              totals: {
                type: 'object',
                properties: { approvedDkk: { type: 'string' }, pendingDkk: { type: 'string' }, rejectedDkk: { type: 'string' } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) =>
      listClaims(
        { ...ctx, actor: principalOf(req) },
        { status: req.query.status, cohortId: req.query.cohort, municipalityCode: req.query.municipality },
      ),
  );

  app.post<{ Params: { outcomeId: string } }>(
    '/api/claims/:outcomeId/approve',
    {
      config: { roles: ['caseworker'], does: 'approve claims' },
      schema: {
        tags: ['ledger'],
        summary: 'Approve a pending claim: its ledger entries are owed from now on',
        description:
          'Only the caseworker of the municipality charged. A decision is final: a claim decided already is 409 `ALREADY_DECIDED`; an approved claim found wrong is corrected by reversing its ledger entries.',
        params: idParam('outcomeId'),
        response: { 200: claimItem, ...errorResponses },
      },
    },
    async (req) => {
      const claim = await decideClaim({ ...ctx, actor: principalOf(req) }, { outcomeId: req.params.outcomeId, decision: 'APPROVED' });
      await audited(db, req, { entity: 'Outcome', entityId: claim.outcomeId }, { decision: 'APPROVED', amountDkk: claim.amountDkk });
      return claim;
    },
  );

  app.post<{ Params: { outcomeId: string }; Body: { reason: string } }>(
    '/api/claims/:outcomeId/reject',
    {
      config: { roles: ['caseworker'], does: 'reject claims' },
      schema: {
        tags: ['ledger'],
        summary: 'Reject a pending claim with its reason: nothing of it is owed, and its outcome counts for no savings or target',
        description: 'The reason is kept in the FreeText table (the audit log names the outcome only).',
        params: idParam('outcomeId'),
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } },
        },
        response: { 200: claimItem, ...errorResponses },
      },
    },
    async (req) => {
      const claim = await decideClaim(
        { ...ctx, actor: principalOf(req) },
        { outcomeId: req.params.outcomeId, decision: 'REJECTED', reason: req.body.reason },
      );
      await audited(db, req, { entity: 'Outcome', entityId: claim.outcomeId }, { decision: 'REJECTED', amountDkk: claim.amountDkk });
      return claim;
    },
  );
}
