// npm run db:migrate -- deploy | dev --name <name> | status | check | reset --force
//                        | resolve --rolled-back <name> | resolve --applied <name>
//
// Prisma's migrate commands on the WebAssembly schema engine (prisma/migrate-engine.ts).
// The database comes from DATABASE_URL (SQLite file by default); the schema and
// migrations folder follow its provider.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { resolveDatabase, type DatabaseTarget } from "../app/utils/database-url.ts";
import { generatePrismaClient } from "./generate.ts";
import {
  applyMigrations,
  checkDrift,
  createMigration,
  describeTarget,
  migrationLayout,
  MigrationError,
  reset,
  resolveMigration,
  status,
} from "./migrate-engine.ts";
import { dropPostgresDatabase, localPostgresUrl, LocalPostgresUnreachable, postgresUrlFor, withPostgresAdmin } from "./local-postgres.ts";
import { postgresqlSchemaIsCurrent, POSTGRESQL_SCHEMA_FILE } from "./postgresql-schema.ts";

const USAGE = `用法 / usage: npm run db:migrate -- <command>

  deploy                     应用所有待执行的迁移 / apply all pending migrations
  dev --name <name>          按 schema 生成新迁移并应用，同时生成另一种数据库的同名迁移
                             / create a migration from the schema and apply it, and its twin for the
                             other provider (PostgreSQL: npm run setup's server, or TEST_POSTGRES_URL)
      [--create-only]        只生成不应用 / write it without applying
      [--accept-data-loss]   接受数据丢失警告 / go ahead despite data-loss warnings
      [--skip-generate]      不重新生成客户端 / do not regenerate the Prisma client
  status                     迁移状态与漂移检查 / applied, pending, failed, drift (exit 1 unless up to date)
  check                      schema 与迁移是否一致 / do the schema and the migrations agree (exit 1 if not)
  reset --force              删除所有数据并重新应用迁移 / delete all data, then apply every migration
  resolve --rolled-back <m>  失败的迁移已回滚，部署时重试 / a failed migration was rolled back: deploy retries it
  resolve --applied <m>      失败的迁移已手工完成 / a failed migration was finished by hand: deploy skips it`;

class UsageError extends Error {}

const say = (line: string) => console.log(line);

function indent(text: string) {
  return text.replace(/^(?=.)/gm, "  ");
}

function relative(file: string) {
  return path.relative(process.cwd(), file) || ".";
}

async function deploy(target: DatabaseTarget) {
  await applyMigrations(target, { log: say });
}

type DevOptions = { name: string; createOnly: boolean; acceptDataLoss: boolean; skipGenerate: boolean };

/**
 * A throw-away database of the other provider, migrated from scratch, where the
 * twin migration is made: PostgreSQL on the local server for a SQLite target,
 * a temp SQLite file for a PostgreSQL one.
 */
async function openTwinScratch(target: DatabaseTarget): Promise<{ twin: DatabaseTarget; describe: string; drop: () => Promise<void> }> {
  if (target.provider === "postgresql") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sihuan-migrate-twin-"));
    const filePath = path.join(dir, "twin.db");
    return {
      twin: { provider: "sqlite", url: `file:${filePath}`, filePath },
      describe: "a scratch SQLite file",
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const serverUrl = localPostgresUrl();
  try {
    // Reached before anything is written, so an unreachable server leaves no half-made migration.
    await withPostgresAdmin(serverUrl, async () => {});
  } catch (error) {
    if (error instanceof LocalPostgresUnreachable) {
      throw new MigrationError(
        `每个迁移都要有 PostgreSQL 的同名迁移，这需要一台 PostgreSQL / every migration needs its PostgreSQL twin, which needs a PostgreSQL server.\n${error.message}`,
      );
    }
    throw error;
  }
  const database = `sihuan_migrate_twin_${process.pid}_${randomBytes(4).toString("hex")}`;
  return {
    twin: { provider: "postgresql", url: postgresUrlFor(serverUrl, database) },
    describe: `a scratch PostgreSQL database (${database})`,
    drop: () => dropPostgresDatabase(serverUrl, database),
  };
}

async function dev(target: DatabaseTarget, options: DevOptions) {
  const scratch = await openTwinScratch(target);
  let made: (string | null)[];
  try {
    const result = await createMigration(target, options.name, {
      log: say,
      createOnly: options.createOnly,
      acceptDataLoss: options.acceptDataLoss,
    });
    // The twin is made whenever the other provider's migrations lag the schema, even if this one did not:
    // a migration made on one provider only (by hand, or by an older recipe) gets its twin here.
    say(
      `${target.provider === "sqlite" ? "PostgreSQL" : "SQLite"} 的同名迁移 / the ${target.provider === "sqlite" ? "PostgreSQL" : "SQLite"} twin, in ${scratch.describe}:`,
    );
    const twin = await createMigration(scratch.twin, options.name, {
      log: (line) => say(`  ${line}`),
      createOnly: true,
      acceptDataLoss: true,
    }).catch((error: unknown) => {
      const made = result.migrationName
        ? ` ${relative(path.join(migrationLayout(target).migrationsDir, result.migrationName))} 已创建 / was created;`
        : "";
      throw new MigrationError(
        `同名迁移失败 / the twin migration failed:${made} 修正后重新运行同一命令 / fix the cause and run the same command again ` +
          `(it makes only what is missing).\n${(error as Error).message}`,
      );
    });
    made = [result.migrationName, twin.migrationName];
  } finally {
    await scratch.drop();
  }
  // Like `prisma migrate dev`: a schema change is only usable once the clients know it.
  if (made.some(Boolean) && !options.skipGenerate) generatePrismaClient();
}

async function showStatus(target: DatabaseTarget): Promise<number> {
  const report = await status(target, { log: say });
  say(`迁移目录 / migrations folder: ${relative(migrationLayout(target).migrationsDir)} (${report.local.length})`);
  if (!report.databaseExists) say("数据库不存在 / the database does not exist yet: npm run db:migrate -- deploy");
  else if (!report.hasMigrationsTable) say("数据库还没有迁移记录 / the database has no _prisma_migrations table yet");
  say(`已应用 / applied: ${report.applied.length}`);
  for (const name of report.pending) say(`待应用 / pending: ${name}`);
  for (const name of report.failed) say(`失败 / failed: ${name}`);
  for (const name of report.edited) say(`应用后被修改 / edited after it was applied: ${name}`);
  for (const name of report.missingLocally) say(`数据库有而目录缺少 / in the database, missing from the folder: ${name}`);
  if (report.drift.state === "detected") {
    say("数据库结构漂移 / the database has drifted from its migrations:");
    say(indent(report.drift.summary));
  } else if (report.drift.state === "unchecked") {
    say(`未检查漂移 / drift not checked: ${report.drift.reason}`);
  } else {
    say("无漂移 / no drift");
  }
  say(report.upToDate ? "数据库是最新的 / the database is up to date" : "数据库不是最新的 / the database is not up to date");
  return report.upToDate ? 0 : 1;
}

async function check(target: DatabaseTarget): Promise<number> {
  let agree = true;
  if (!postgresqlSchemaIsCurrent()) {
    say(`${POSTGRESQL_SCHEMA_FILE} 已过期 / is out of date: npm run db:generate`);
    agree = false;
  }
  const layout = migrationLayout(target);
  const missingSql = await checkDrift(target, { layout });
  if (missingSql) {
    say(`${relative(layout.schemaFile)} 与 ${relative(layout.migrationsDir)} 不一致，缺少的迁移 / disagree; the missing migration:`);
    say(indent(missingSql));
    say("运行 / run: npm run db:migrate -- dev --name <name>");
    agree = false;
  } else {
    say(`schema 与迁移一致 / ${relative(layout.schemaFile)} and ${relative(layout.migrationsDir)} agree`);
  }
  return agree ? 0 : 1;
}

async function resetDatabase(target: DatabaseTarget) {
  await reset(target, { log: say });
  await applyMigrations(target, { log: say });
}

type Flags = ReturnType<typeof parseFlags>["values"];

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      force: { type: "boolean", default: false },
      "create-only": { type: "boolean", default: false },
      "accept-data-loss": { type: "boolean", default: false },
      "skip-generate": { type: "boolean", default: false },
      "rolled-back": { type: "string" },
      applied: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

interface Command {
  /** Usage mistakes are reported before anything touches the database. */
  validate?: (flags: Flags) => void;
  /** Returns the exit code. */
  run: (target: DatabaseTarget, flags: Flags) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  deploy: { run: async (target) => (await deploy(target), 0) },
  dev: {
    validate: (flags) => {
      if (!flags.name) throw new UsageError("dev 需要 --name <name> / dev needs --name <name>");
    },
    run: async (target, flags) => {
      await dev(target, {
        name: flags.name ?? "",
        createOnly: flags["create-only"],
        acceptDataLoss: flags["accept-data-loss"],
        skipGenerate: flags["skip-generate"],
      });
      return 0;
    },
  },
  status: { run: (target) => showStatus(target) },
  check: { run: (target) => check(target) },
  reset: {
    validate: (flags) => {
      if (!flags.force) throw new UsageError("reset 会删除所有数据，请加 --force / reset deletes all data: add --force");
    },
    run: async (target) => (await resetDatabase(target), 0),
  },
  resolve: {
    validate: (flags) => {
      if (Boolean(flags["rolled-back"]) === Boolean(flags.applied)) {
        throw new UsageError(
          "resolve 需要 --rolled-back <name> 或 --applied <name> / resolve needs one of --rolled-back <name>, --applied <name>",
        );
      }
    },
    run: async (target, flags) => {
      const rolledBack = flags["rolled-back"];
      if (rolledBack) await resolveMigration(target, rolledBack, "rolled-back", { log: say });
      else await resolveMigration(target, flags.applied ?? "", "applied", { log: say });
      return 0;
    },
  },
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values: flags } = parseFlags(argv);
  if (flags.help) {
    say(USAGE);
    return 0;
  }
  const [commandName, ...extra] = positionals;
  if (!commandName) throw new UsageError("缺少命令 / missing command");
  const command = COMMANDS[commandName];
  if (!command) throw new UsageError(`未知命令 / unknown command: ${commandName}`);
  if (extra.length > 0) throw new UsageError(`多余的参数 / unexpected arguments: ${extra.join(" ")}`);
  command.validate?.(flags);

  let target: DatabaseTarget;
  try {
    target = resolveDatabase();
  } catch (error) {
    throw new MigrationError((error as Error).message);
  }
  say(`数据库 / database: ${describeTarget(target)}`);
  return command.run(target, flags);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof MigrationError) {
    console.error(`迁移失败 / migration failed: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error("迁移失败（意外错误）/ migration failed (unexpected error):");
    console.error(error);
    process.exitCode = 1;
  }
}
