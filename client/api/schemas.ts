// JSON schemas shared by the routes: Fastify validates input with them, serialises output with them,
// and @fastify/swagger publishes them in the OpenAPI document.

export const errorBody = {
  type: 'object',
  properties: {
    error: { type: 'string', description: 'a code: VALIDATION_ERROR, FORBIDDEN, NOT_FOUND, CONFLICT, UNAUTHENTICATED …' },
    message: { type: 'string', description: 'in plain words' },
    field: { type: 'string', description: 'for validation errors: the field, e.g. body.cvr or query.limit' },
    issues: {
      type: 'array',
      description: "an invalid cohort file's problems, each with its path (and line) in the file",
      items: { type: 'object', additionalProperties: true },
    },
  },
  required: ['error', 'message'],
} as const;

export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
} as const;

/** A local date in a body or query. */
export const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;

/** An answer documented by its operation, not field by field. */
export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;

/** A JSON body with these properties, the required ones named, nothing else accepted. */
export const body = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  additionalProperties: false,
  properties,
});

export function idParam(name: string) {
  return {
    type: 'object',
    required: [name],
    properties: { [name]: { type: 'string', minLength: 1, maxLength: 200 } },
  } as const;
}

export const trackListItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['participant', 'company'] },
    workflowId: { type: 'string' },
    cohortId: { type: 'string' },
    municipalityCode: { type: ['string', 'null'] },
    municipalityName: { type: ['string', 'null'] },
    name: { type: 'string' },
    cvr: { type: ['string', 'null'], description: "The company's CVR number; null for a participant" },
    phase: { type: 'string' },
    paused: { type: 'boolean' },
    nextDeadlineOn: { type: ['string', 'null'], description: 'YYYY-MM-DD' },
    nextDeadlineWhat: { type: ['string', 'null'] },
    overdueCount: { type: 'integer' },
    emails: {
      type: 'object',
      properties: { sent: { type: 'integer' }, pending: { type: 'integer' }, failed: { type: 'integer' } },
    },
  },
} as const;

export const timelineEvent = {
  type: 'object',
  properties: {
    at: { type: 'string' },
    kind: { type: 'string', enum: ['attendance', 'outcome', 'ledger', 'email', 'audit', 'invitation', 'assignment'] },
    title: { type: 'string' },
    detail: { type: 'string' },
    status: { type: 'string' },
    ref: { type: 'string' },
    trackId: { type: 'string' },
    facts: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
      description: "The event's values one by one (kinds, amounts, days), for a reader that writes the event in its own language",
    },
  },
} as const;

export const acceptedResponse = {
  type: 'object',
  properties: {
    workflowId: { type: 'string' },
    temporalUrl: { type: 'string' },
    message: { type: 'string' },
  },
  additionalProperties: true,
} as const;
