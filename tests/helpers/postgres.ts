// The PostgreSQL server of the test suites. `npm run setup` makes the default
// one (a role with CREATEDB on 127.0.0.1); TEST_POSTGRES_URL names another.
// The test command runs the whole Vitest suite twice: with TEST_DATABASE unset
// (SQLite) and with TEST_DATABASE=postgresql.
import pg from "pg";
import { postgresConnectionFromUrl } from "../../prisma/migrate-engine.ts";

export const DEFAULT_TEST_POSTGRES_URL = "postgresql://sihuan:sihuan@127.0.0.1:5432/sihuan_test";

export type TestProvider = "sqlite" | "postgresql";

export function testProvider(env: NodeJS.ProcessEnv = process.env): TestProvider {
  const wanted = env.TEST_DATABASE?.trim() || "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgresql") {
    throw new Error(`TEST_DATABASE 只能是 sqlite 或 postgresql / TEST_DATABASE must be sqlite or postgresql, got "${wanted}"`);
  }
  return wanted;
}

export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_POSTGRES_URL?.trim() || DEFAULT_TEST_POSTGRES_URL;
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
  const { config } = postgresConnectionFromUrl(url);
  const client = new pg.Client({ ...config, database: "postgres" });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `无法连接测试用的 PostgreSQL / cannot reach the test PostgreSQL at ${config.host}:${config.port} as ${config.user}: ` +
        `${(error as Error).message}. 运行 / run: npm run setup (or set TEST_POSTGRES_URL to a role with CREATEDB)`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropPostgresDatabase(url: string, database: string): Promise<void> {
  // WITH (FORCE): a pool that a failed test left open must not keep the database alive.
  await withPostgresAdmin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`));
}
