// Error type names of the outcome and ledger activities, for workflows' retry policies
// (`nonRetryableErrorTypes`): these failures are permanent, retrying cannot fix them. Import-free so
// workflow code may import it.
export const OUTCOME_ERROR = 'OutcomeError';
export const LEDGER_ERROR = 'LedgerError';
export const RATE_CARD_ERROR = 'RateCardError';
export const OUTCOME_FAILURE_TYPES = [OUTCOME_ERROR, LEDGER_ERROR, RATE_CARD_ERROR] as const;
