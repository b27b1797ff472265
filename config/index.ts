import { z } from 'zod';
import { workerCapacity } from './worker-capacity.js';
import { parsePayloadKeys, type PayloadKey } from '../codec/payload-keys.js';

/**
 * All configuration, read from the environment in one place and validated. Workflows never read it:
 * the worker and the clients pass what they need.
 */
/** The published default secret: anyone can sign links and tokens with it. */
export const DEVELOPMENT_LINK_SECRET = 'dobbeltspor-development-secret';

const schema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('dobbeltspor'),
  /** Unset: `npm start` uses the project's local PostgreSQL cluster. */
  DATABASE_URL: z
    .string()
    .url('must be a postgresql:// URL')
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must start with postgresql://')
    .optional(),
  SMTP_URL: z.string().url('must be an smtp:// URL, e.g. smtp://127.0.0.1:1025').default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('Dobbeltspor <no-reply@dobbeltspor.local>'),
  TZ_PROGRAMME: z.string().default('Europe/Copenhagen').refine(isTimeZone, 'must be an IANA time zone such as Europe/Copenhagen'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The interface `npm run api` listens on: loopback unless told otherwise (0.0.0.0 in a container). */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Requests one client (an address) may make a minute before it is answered 429. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  /** Secret for signed RSVP links and API tokens. The default is published: development only. */
  LINK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEVELOPMENT_LINK_SECRET),
  /** A company's personal links (answer, feedback) work until this many days after its camp ends. */
  LINK_DAYS_AFTER_CAMP: z.coerce.number().int().min(1).max(365).default(60),
  /** `outbox purge-sent` removes the bodies of e-mails sent more than this many days ago; unset keeps them. */
  SENT_MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).optional(),
  /** `production` refuses the published or a placeholder LINK_SECRET; unset, NODE_ENV=production means production. */
  DEPLOYMENT: z.enum(['development', 'production']).optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(20),
  /** The memory a worker process may use; its workflow cache is sized to it (config/worker-capacity.ts). */
  WORKER_MEMORY_MB: z.coerce.number().int().positive().default(1024),
  /** Unset: as many as WORKER_MEMORY_MB holds. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2, 'must be at least 2 (the SDK caches no fewer)').optional(),
  /** Unset: 40, or the cache when it is smaller. */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2, 'must be at least 2').optional(),
  /** `prebuilt`: load `npm run bundle`'s bundle, refused when older than the workflow code; `source`: bundle at start. Unset: prebuilt in production. */
  WORKER_WORKFLOW_BUNDLE: z.enum(['prebuilt', 'source']).optional(),
  /**
   * `id=base64key[,id2=base64key2…]`, 32-byte AES keys: set, every client and worker encrypts
   * Temporal payloads with the first and decrypts with any (codec/payload-encryption.ts). Unset: off.
   */
  PAYLOAD_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .transform((value, ctx): PayloadKey[] | undefined => {
      if (!value?.trim()) return undefined;
      try {
        return parsePayloadKeys(value);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
});

export type Config = z.infer<typeof schema>;
/** Every variable the application reads (docker-compose.yml is checked against this list). */
export const CONFIG_KEYS = Object.keys(schema.shape) as Array<keyof Config>;
/** Read outside the schema, by the process that needs it. */
export const PROCESS_KEYS = ['WORKER_READY_FILE', 'NODE_ENV', 'MAIL_SINK_PORT'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const lines = parsed.success
    ? workerCapacity(parsed.data).issues.map((i) => `  ${i.key}: ${i.message}`)
    : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  if (!parsed.success || lines.length > 0) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  return parsed.data;
}

/** Production unless DEPLOYMENT says development; unset DEPLOYMENT follows NODE_ENV. */
export function isProduction(config: Pick<Config, 'DEPLOYMENT'>, env: NodeJS.ProcessEnv = process.env): boolean {
  return (config.DEPLOYMENT ?? (env.NODE_ENV === 'production' ? 'production' : 'development')) === 'production';
}

/** A LINK_SECRET anyone could know: the published default, or a placeholder left from an example. */
export function isPlaceholderSecret(secret: string): boolean {
  return secret === DEVELOPMENT_LINK_SECRET || /change[-_ ]?me|placeholder|example|secret-here|^(.)\1+$/i.test(secret);
}

/**
 * Refuses to run in production with a LINK_SECRET anyone could know: with it, anyone could sign an
 * operator's bearer token or a company's answer link.
 */
export function assertSafeForProduction(config: Pick<Config, 'DEPLOYMENT' | 'LINK_SECRET'>, env: NodeJS.ProcessEnv = process.env): void {
  if (!isProduction(config, env)) return;
  if (isPlaceholderSecret(config.LINK_SECRET)) {
    throw new ConfigError(
      'LINK_SECRET is the published default or a placeholder; in production (NODE_ENV=production or DEPLOYMENT=production) set LINK_SECRET to a long random secret, e.g. `openssl rand -base64 32`',
    );
  }
  if (config.LINK_SECRET.length < 32)
    throw new ConfigError('LINK_SECRET must be at least 32 characters in production (e.g. `openssl rand -base64 32`)');
}

/**
 * The configuration of a serving process (the API, the worker), safe for production: a setting that
 * is refused ends the process with exit 78 (EX_CONFIG) and a message naming the variable.
 */
export function loadServingConfig(who: string): Config {
  try {
    const config = loadConfig();
    assertSafeForProduction(config);
    return config;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`${who} does not start: ${e.message}`);
    process.exit(78);
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
