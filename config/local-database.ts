// The project's own local PostgreSQL cluster, used when DATABASE_URL is unset: its own port, so it
// never collides with another PostgreSQL. Provisioning (scripts/provision/postgres.ts) creates it;
// the clients only connect to it.
export const LOCAL_PG = { host: '127.0.0.1', port: 55432, user: 'dobbeltspor', password: 'dobbeltspor', database: 'dobbeltspor' };
export const LOCAL_DATABASE_URL = `postgresql://${LOCAL_PG.user}:${LOCAL_PG.password}@${LOCAL_PG.host}:${LOCAL_PG.port}/${LOCAL_PG.database}`;
