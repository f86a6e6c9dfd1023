// The developer's local PostgreSQL: the server `npm run setup` makes (a role
// with CREATEDB on 127.0.0.1), or the one TEST_POSTGRES_URL names. The
// PostgreSQL run of the test suite copies databases on it, and
// `npm run db:migrate -- dev` makes the other provider's twin migration in a
// scratch database on it (prisma/migrate.ts).
import pg from "pg";

export const DEFAULT_LOCAL_POSTGRES_URL = "postgresql://sihuan:sihuan@127.0.0.1:5432/sihuan_test";

export function localPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_POSTGRES_URL?.trim() || DEFAULT_LOCAL_POSTGRES_URL;
}

/** The same server and role as `url`, another database. */
export function postgresUrlFor(url: string, database: string, params: Record<string, string> = {}): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/** Runs `work` on one connection to the server's maintenance database (CREATE / DROP DATABASE). */
export async function withPostgresAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { hostname, port, username } = new URL(url);
  const client = new pg.Client({ connectionString: postgresUrlFor(url, "postgres"), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new LocalPostgresUnreachable(
      `无法连接本地 PostgreSQL / cannot reach the local PostgreSQL at ${hostname}:${port || 5432} as ${decodeURIComponent(username)}: ${(error as Error).message}\n` +
        `运行 npm run setup 安装并启动它，或把 TEST_POSTGRES_URL 设为一个有 CREATEDB 权限的角色 / ` +
        `run npm run setup to install and start it, or set TEST_POSTGRES_URL to a role with CREATEDB`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export class LocalPostgresUnreachable extends Error {
  override name = "LocalPostgresUnreachable";
}

/**
 * The server's own processes (autovacuum after a large insert) may be at work
 * in the database, and a role without superuser cannot end them: the drop is
 * tried again while they finish.
 */
const DROP_TRIES = 60;
const DROP_WAIT_MS = 1000;
const BUSY_WITH_OTHERS = new Set(["42501", "55006"]);

export async function dropPostgresDatabase(url: string, database: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      // WITH (FORCE): a pool left open by a failed run must not keep the database alive.
      await withPostgresAdmin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`));
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt === DROP_TRIES || code === undefined || !BUSY_WITH_OTHERS.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, DROP_WAIT_MS));
    }
  }
}
