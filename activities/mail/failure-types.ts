// Error type names shared by activities (which throw them) and workflows (whose retry policies list
// them as non-retryable). Kept free of imports so workflow code may import it.
export const PERMANENT_EMAIL_FAILURE = 'PermanentEmailFailure';
/** An operator asked to resend an e-mail that is not in the outbox. */
export const OUTBOX_ROW_MISSING = 'OutboxRowMissing';
