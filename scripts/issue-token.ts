// Mints a bearer token for the HTTP API, signed with LINK_SECRET:
//   npx tsx scripts/issue-token.ts --role operator --sub ops@example.dk
//   npx tsx scripts/issue-token.ts --role coordinator --sub anna@example.dk --programme dual-track-2019
//   npx tsx scripts/issue-token.ts --role caseworker --sub sb@kolding.dk --municipality 621
//   npx tsx scripts/issue-token.ts --role company --sub hr@firma.dk --cvr 12345678 --days 30
//   npx tsx scripts/issue-token.ts --role staff --sub mentor@jobvejen.dk --staff <staffId>
import { parseArgs } from 'node:util';
import { issueToken, MAX_TOKEN_LIFETIME_DAYS, ROLES, type Role } from '../client/api/auth.js';
import { loadConfig } from '../config/index.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    sub: { type: 'string' },
    programme: { type: 'string', multiple: true },
    municipality: { type: 'string' },
    cvr: { type: 'string' },
    staff: { type: 'string' },
    days: { type: 'string', default: '30' },
    help: { type: 'boolean', short: 'h' },
  },
});

function usage(problem?: string): never {
  if (problem) console.error(`error: ${problem}`);
  console.error(
    `usage: npx tsx scripts/issue-token.ts --role <${ROLES.join('|')}> --sub <who> [--programme <id>]… [--municipality <code>] [--cvr <cvr>] [--staff <staffId>] [--days 30, at most ${MAX_TOKEN_LIFETIME_DAYS}]`,
  );
  process.exit(problem ? 2 : 0);
}

if (values.help) usage();
const role = values.role as Role | undefined;
if (!role || !ROLES.includes(role)) usage(`--role must be one of ${ROLES.join(', ')}`);
if (!values.sub) usage('--sub names who the token is for (an e-mail address), for the audit log');
if (role === 'coordinator' && !values.programme?.length) usage('a coordinator token needs --programme <id> (repeatable)');
if (role === 'caseworker' && !/^\d{3}$/.test(values.municipality ?? '')) usage('a caseworker token needs --municipality <3-digit code>');
if (role === 'company' && !/^\d{8}$/.test(values.cvr ?? '')) usage('a company token needs --cvr <8-digit CVR number>');
if (role === 'staff' && !values.staff) usage('a staff token needs --staff <staffId> (see `npx dobbeltspor staff list`)');
const days = Number(values.days);
if (!Number.isFinite(days) || days <= 0) usage('--days must be a positive number');
if (days > MAX_TOKEN_LIFETIME_DAYS) usage(`--days must be at most ${MAX_TOKEN_LIFETIME_DAYS}: the API refuses longer-lived tokens`);

const scope = {
  ...(role === 'coordinator' ? { programmeIds: values.programme } : {}),
  ...(role === 'caseworker' ? { municipalityCode: values.municipality } : {}),
  ...(role === 'company' ? { cvr: values.cvr } : {}),
  ...(role === 'staff' ? { staffMemberId: values.staff } : {}),
};
console.log(issueToken(loadConfig().LINK_SECRET, { sub: values.sub, role, scope }, Math.round(days * 86400)));
