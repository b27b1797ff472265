// The OpenAPI document's introduction (Markdown, shown at the top of /docs): what holds for every
// route. Each route's own description names the roles that may call it (see withAccess).
export const API_DESCRIPTION = `Cohorts, participant and company tracks, Payment by Results and the operator console of Dobbeltspor.

**Tokens.** Every route needs \`Authorization: Bearer <token>\` unless its description says *Public*: \`/health\`, this documentation, the console's files, the personal links \`/rsvp/{token}\`, \`/rsvp/{token}/feedback\` and \`/rsvp/forankring/{token}\` (the anchoring check), and the codec routes (which check an operator token themselves). Tokens are HMAC-signed with \`LINK_SECRET\` and carry a role, a scope, an issue time and an expiry of at most 31 days: \`npx tsx scripts/issue-token.ts --role operator --sub you@example.dk\` (\`--programme <id>\` for a coordinator, \`--municipality <code>\` for a caseworker, \`--cvr <cvr>\` for a company, \`--staff <id>\` for an employment actor's staff member, \`--days\` for the lifetime).

| role | may |
| --- | --- |
| coordinator | read and write within its own programmes |
| operator | read everything; retry e-mails, resend invitations, pause and terminate tracks |
| caseworker | read the participant tracks, reports and ledger of its own municipality; approve or reject its municipality's claims for outcome payments (\`GET /api/claims\` lists the pending ones) |
| company | read its own camp invitations and answer them (or answer by the personal link in the e-mail, no token needed) |
| staff | an employment actor's staff member: for its own actor's participant tracks, record attendance, answer retention follow-ups, record the first employer contact, tick training topics |

**Errors.** An error body is \`{"error", "message", "field"}\`: a code, the reason in plain words, and the field concerned (\`body.companyId\`, \`query.limit\`, or an operation's input such as \`enrolmentId\`); an invalid cohort file lists every problem in \`issues\` with its path and line. Statuses: 400 invalid input, 401 no or bad token, 403 refused (outside the caller's scope), 404 unknown, 409 refused by the current state (already started, already sent, not running, refused by the workflow), 410 an expired personal link, 414 a path segment over 512 characters, 415 a body that is not JSON (or a form, for the personal links), 429 too many requests (\`API_RATE_LIMIT_PER_MINUTE\` a client address a minute; 60 on the personal links), 503 PostgreSQL or Temporal unreachable. Every refusal (401, 403) and every write is written to the audit log.

**Personal links** in the companies' e-mails work until \`LINK_DAYS_AFTER_CAMP\` days after their camp ends (410 after that, nothing recorded); opening one records nothing, only its page's form does.`;
