// Where the database lives. Shared by the site, the workers, the migration
// command and prisma.config.ts, so every process agrees on one file.
import path from "node:path";

export type DatabaseTarget = { provider: "sqlite"; url: string; filePath: string } | { provider: "postgresql"; url: string };

/** The data folder for the embedded defaults (SQLite file, Redis data, secrets). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.SIHUAN_DATA_DIR ?? "data");
}

export function resolveDatabase(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim() || `file:${path.join(dataDir(env), "sihuan.db")}`;
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  if (!url.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL 格式不对 / DATABASE_URL is not understood: expected "file:<path>" (SQLite) or "postgresql://…", got "${url}"`,
    );
  }
  const filePath = path.resolve(url.slice("file:".length).replace(/^\/\/(?=\/)/, ""));
  return { provider: "sqlite", url: `file:${filePath}`, filePath };
}

/**
 * node-postgres pool settings for a postgresql:// URL. `connection_limit`
 * (Prisma's name for it) sets the pool size and is taken out of the URL, which
 * node-postgres would otherwise send to the server as a startup parameter.
 */
export function postgresqlPoolConfig(url: string): { connectionString: string; max?: number } {
  const parsed = new URL(url);
  const limit = parsed.searchParams.get("connection_limit");
  parsed.searchParams.delete("connection_limit");
  const connectionString = parsed.toString();
  if (limit === null) return { connectionString };
  const max = Number(limit);
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(
      `DATABASE_URL 的 connection_limit 必须是正整数 / connection_limit in DATABASE_URL must be a positive integer, got "${limit}"`,
    );
  }
  return { connectionString, max };
}
