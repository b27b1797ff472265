/** The Message-ID of an outbox row, from its idempotency key: a resend or retry carries the same one. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_')}@dobbeltspor>`;
}
