// prisma/schema.prisma (SQLite) is the only schema anyone edits. Prisma rejects
// `provider = env(...)`, and a generated client only speaks its own provider, so
// PostgreSQL gets a generated copy in prisma/postgresql/ with its own migrations
// folder and its own client folder. Everything that needs the copy
// (prisma/generate.ts, `db:migrate dev`, `db:migrate check`) regenerates it
// first, so it cannot drift from the original.
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA_FILE = "prisma/schema.prisma";
export const POSTGRESQL_SCHEMA_FILE = "prisma/postgresql/schema.prisma";
/** The PostgreSQL client goes beside the SQLite one, in a folder of this name plus this suffix. */
export const POSTGRESQL_CLIENT_SUFFIX = "-postgresql";

/**
 * The PostgreSQL copy of a SQLite schema. Two lines differ: the datasource
 * provider, and the generator `output`, which names a sibling folder
 * (app/generated/prisma → app/generated/prisma-postgresql) rebased for the
 * copy's deeper folder. A generated client only works with its own provider,
 * so both clients exist side by side and app/utils/db.server.ts picks one by
 * DATABASE_URL (docs/decisions/017-postgresql-in-ci.md).
 */
export function postgresqlSchemaFrom(sqliteSchema: string, folders: { sqliteSchemaDir: string; postgresqlSchemaDir: string }): string {
  let providersReplaced = 0;
  let block: "datasource" | "generator" | "other" | null = null;

  const lines = sqliteSchema.split("\n").map((line) => {
    const code = line.replace(/\/\/.*$/, "").trim();
    if (block === null) {
      const opening = /^(datasource|generator|\w+)\s+\w+\s*\{$/.exec(code);
      if (opening) block = opening[1] === "datasource" || opening[1] === "generator" ? opening[1] : "other";
      return line;
    }
    if (code === "}") {
      block = null;
      return line;
    }
    if (block === "datasource" && /^provider\s*=\s*"sqlite"$/.test(code)) {
      providersReplaced += 1;
      return line.replace(/"sqlite"/, '"postgresql"');
    }
    const output = block === "generator" ? /^(\s*output\s*=\s*")([^"]+)(".*)$/.exec(line) : null;
    if (output) {
      const target = path.resolve(folders.sqliteSchemaDir, output[2]!) + POSTGRESQL_CLIENT_SUFFIX;
      const rebased = path.isAbsolute(output[2]!) ? target : path.relative(folders.postgresqlSchemaDir, target).split(path.sep).join("/");
      return `${output[1]}${rebased}${output[3]}`;
    }
    return line;
  });

  if (providersReplaced !== 1) {
    throw new Error(
      `${SQLITE_SCHEMA_FILE} 必须恰好有一个 provider = "sqlite" 的 datasource / must have exactly one datasource with provider = "sqlite" (found ${providersReplaced})`,
    );
  }
  return lines.join("\n");
}

/**
 * Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (under
 * `rootDir`), touching the file only when its content would change.
 */
export function writePostgresqlSchema(rootDir: string = process.cwd()): { file: string; changed: boolean } {
  const sqliteFile = path.resolve(rootDir, SQLITE_SCHEMA_FILE);
  const postgresqlFile = path.resolve(rootDir, POSTGRESQL_SCHEMA_FILE);
  const wanted = postgresqlSchemaFrom(fs.readFileSync(sqliteFile, "utf8"), {
    sqliteSchemaDir: path.dirname(sqliteFile),
    postgresqlSchemaDir: path.dirname(postgresqlFile),
  });
  const current = fs.existsSync(postgresqlFile) ? fs.readFileSync(postgresqlFile, "utf8") : null;
  if (current === wanted) return { file: postgresqlFile, changed: false };
  fs.mkdirSync(path.dirname(postgresqlFile), { recursive: true });
  fs.writeFileSync(postgresqlFile, wanted);
  return { file: postgresqlFile, changed: true };
}

/** Whether prisma/postgresql/schema.prisma exists and matches what it would be generated as. */
export function postgresqlSchemaIsCurrent(rootDir: string = process.cwd()): boolean {
  const sqliteFile = path.resolve(rootDir, SQLITE_SCHEMA_FILE);
  const postgresqlFile = path.resolve(rootDir, POSTGRESQL_SCHEMA_FILE);
  if (!fs.existsSync(postgresqlFile)) return false;
  const wanted = postgresqlSchemaFrom(fs.readFileSync(sqliteFile, "utf8"), {
    sqliteSchemaDir: path.dirname(sqliteFile),
    postgresqlSchemaDir: path.dirname(postgresqlFile),
  });
  return fs.readFileSync(postgresqlFile, "utf8") === wanted;
}
