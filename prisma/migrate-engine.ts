// Prisma migrations on the WebAssembly schema engine.
//
// The native schema-engine binary cannot be downloaded here, so `prisma migrate`
// does not run. @prisma/schema-engine-wasm is the same engine compiled to Wasm;
// it talks to the database through Prisma's driver adapters. Its files and its
// _prisma_migrations table are Prisma's standard ones, so a machine with the
// native engine can run `prisma migrate deploy` on the same folder.
// Why and how: docs/decisions/001-migrations-on-the-wasm-engine.md. The numbered
// pitfalls below are each one seen on this engine and worked around.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type {
  DiagnoseMigrationHistoryOutput,
  HistoryDiagnostic,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
  SchemasContainer,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import type { DatabaseTarget } from "../app/utils/database-url.ts";
import { writePostgresqlSchema, POSTGRESQL_SCHEMA_FILE, SQLITE_SCHEMA_FILE } from "./postgresql-schema.ts";

export type { DatabaseTarget };

/** An expected failure (bad input, unreachable database, engine refusal): the CLI prints only the message. */
export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Where a provider's schema and migrations live. Tests point this at a temporary copy. */
export interface MigrationLayout {
  schemaFile: string;
  migrationsDir: string;
}

export interface MigrateOptions {
  layout?: MigrationLayout;
  /** Receives one bilingual progress line per step; silent when omitted. */
  log?: (line: string) => void;
}

export function migrationLayout(target: DatabaseTarget, rootDir: string = process.cwd()): MigrationLayout {
  const schemaFile = path.resolve(rootDir, target.provider === "postgresql" ? POSTGRESQL_SCHEMA_FILE : SQLITE_SCHEMA_FILE);
  return { schemaFile, migrationsDir: path.join(path.dirname(schemaFile), "migrations") };
}

/**
 * The same lock wait as app/utils/db.server.ts, which is not imported because it
 * loads the generated client, and migrating must work before generating.
 */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const SQLITE_COMPANION_SUFFIXES = ["", "-wal", "-shm", "-journal"] as const;
const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
const LOCKFILE_NAME = "migration_lock.toml";
const MIGRATION_FILE_NAME = "migration.sql";

// ─── Loading the Wasm engine (pitfall 8) ──────────────────────────────────────

declare global {
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

let lastPanicMessage = "";
let engineLoaded = false;
let enginePanicked = false;

/**
 * The package's entry point imports the .wasm file as an ES module, which Node
 * 20 cannot do, so the module is instantiated here and handed to the bindings.
 * One instance serves every engine this process creates.
 */
function loadSchemaEngine(): typeof engineBindings {
  if (enginePanicked) {
    throw new MigrationError(
      `迁移引擎此前崩溃，请重新运行 / the schema engine panicked earlier in this process, run again: ${lastPanicMessage}`,
    );
  }
  if (engineLoaded) return engineBindings;
  // The bindings report Rust panics here before throwing; keep an existing registry (the query compiler uses one too).
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanicMessage = message;
    },
  };
  const require = createRequire(import.meta.url);
  const bindingsFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmBytes = fs.readFileSync(path.join(path.dirname(bindingsFile), "schema_engine_bg.wasm"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), {
    "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineLoaded = true;
  return engineBindings;
}

function logEngineLine(line: string) {
  if (process.env.SIHUAN_MIGRATE_DEBUG) process.stderr.write(`[schema-engine] ${line}\n`);
}

// ─── Driver adapters for the engine ──────────────────────────────────────────

/** A copy of `adapter` with some methods replaced; the engine calls only these members. */
function adapterWith(adapter: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  const wrapped: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    dispose: () => adapter.dispose(),
    ...overrides,
  };
  if (adapter.getConnectionInfo && !overrides.getConnectionInfo) {
    wrapped.getConnectionInfo = () => adapter.getConnectionInfo!();
  }
  return wrapped;
}

/**
 * Base for the two factories: the engine disposes shadow connections but never
 * the main one, so every connection handed out is tracked and closed (once) at
 * the end of the command; an open SQLite handle would also block reset.
 */
abstract class TrackedAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  abstract readonly provider: "sqlite" | "postgres";
  abstract readonly adapterName: string;
  readonly #open = new Set<() => Promise<void>>();

  protected abstract openMain(): Promise<SqlDriverAdapter>;
  protected abstract openShadow(): Promise<SqlDriverAdapter>;

  async connect(): Promise<SqlDriverAdapter> {
    return this.#track(await this.openMain());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#track(await this.openShadow());
  }

  async disposeAll(): Promise<void> {
    const pending = [...this.#open];
    this.#open.clear();
    await Promise.allSettled(pending.map((dispose) => dispose()));
  }

  #track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    let disposed: Promise<void> | undefined;
    const disposeOnce = () => {
      this.#open.delete(disposeOnce);
      disposed ??= adapter.dispose();
      return disposed;
    };
    this.#open.add(disposeOnce);
    return adapterWith(adapter, { dispose: disposeOnce });
  }
}

class SqliteMigrationAdapterFactory extends TrackedAdapterFactory {
  readonly provider = "sqlite";
  readonly #inner: PrismaBetterSqlite3;
  get adapterName() {
    return this.#inner.adapterName;
  }

  constructor(url: string) {
    super();
    this.#inner = new PrismaBetterSqlite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  }

  protected openMain() {
    return this.#inner.connect();
  }

  // Pitfall 2: the engine replays whole migration files into the (in-memory)
  // shadow database through executeRaw, and better-sqlite3 prepares exactly one
  // statement. Parameterless SQL is a script: run it as one.
  protected async openShadow() {
    const shadow = await this.#inner.connectToShadowDb();
    return adapterWith(shadow, {
      executeRaw: async (query) => {
        if (query.args.length > 0) return shadow.executeRaw(query);
        await shadow.executeScript(query.sql);
        return 0;
      },
    });
  }
}

/**
 * Pitfall 4: the schema describer selects catalog columns of type "char"
 * (OID 18), which adapter-pg refuses to decode. Their values are single
 * characters, so the row description is rewritten to say text before the
 * adapter sees it.
 */
class CharAsTextClient extends pg.Client {
  _handleRowDescription(message: { fields: Array<{ dataTypeID: number }> }) {
    for (const field of message.fields) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    const base = pg.Client.prototype as unknown as { _handleRowDescription(message: unknown): void };
    base._handleRowDescription.call(this, message);
  }
}
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

export interface PostgresConnection {
  config: pg.PoolConfig & { database: string };
  /** Prisma's `?schema=` parameter; "public" when absent. */
  schema: string;
}

/**
 * Pitfall 5: with a `connectionString`, adapter-pg's shadow pool inherits it and
 * connects to the main database instead of the shadow one. Discrete fields let
 * the database name be swapped.
 */
export function postgresConnectionFromUrl(url: string): PostgresConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MigrationError(`DATABASE_URL 不是有效的 URL / DATABASE_URL is not a valid URL`);
  }
  const params = parsed.searchParams;
  const user = decodeURIComponent(parsed.username);
  const sslmode = params.get("sslmode");
  const config: PostgresConnection["config"] = {
    host: params.get("host") ?? (decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, "$1") || "localhost"),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: user || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || user || "postgres",
    ssl:
      sslmode === "require" || sslmode === "verify-ca" || sslmode === "verify-full"
        ? { rejectUnauthorized: sslmode !== "require" }
        : undefined,
    connectionTimeoutMillis: 10_000,
    Client: CharAsTextClient,
  };
  return { config, schema: params.get("schema") ?? "public" };
}

class PostgresMigrationAdapterFactory extends TrackedAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";

  constructor(private readonly connection: PostgresConnection) {
    super();
  }

  protected openMain() {
    return this.#connectTo(this.connection.config.database);
  }

  // Pitfall 3: adapter-pg's own shadow drops the database while its pool still
  // holds connections ("is being accessed by other users"); here the pool is
  // closed first, then the database dropped.
  protected async openShadow() {
    const admin = await this.#connectTo(this.connection.config.database);
    const shadowName = `prisma_migrate_shadow_db_${randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${shadowName}"`);
    const shadow = await this.#connectTo(shadowName);
    return adapterWith(shadow, {
      dispose: async () => {
        try {
          await shadow.dispose();
          await admin.executeScript(`DROP DATABASE IF EXISTS "${shadowName}"`);
        } finally {
          await admin.dispose();
        }
      },
    });
  }

  async #connectTo(database: string): Promise<SqlDriverAdapter> {
    const factory = new PrismaPg({ ...this.connection.config, database }, { schema: this.connection.schema });
    const adapter = await factory.connect();
    const pool = adapter.underlyingDriver();
    // adapter-pg splits scripts on every ";" (breaking function bodies and
    // string literals) and runs the pieces one by one; sent as one
    // simple-protocol query, a migration file runs whole, as one implicit transaction.
    return adapterWith(adapter, {
      executeScript: async (script) => {
        await pool.query(script);
      },
    });
  }
}

// ─── Running the engine ──────────────────────────────────────────────────────

interface EngineContext {
  engine: SchemaEngine;
  schema: SchemasContainer;
}

async function withEngine<T>(target: DatabaseTarget, layout: MigrationLayout, run: (context: EngineContext) => Promise<T>): Promise<T> {
  const schema = readSchema(layout.schemaFile);
  const bindings = loadSchemaEngine();
  const factory =
    target.provider === "sqlite"
      ? new SqliteMigrationAdapterFactory(target.url)
      : new PostgresMigrationAdapterFactory(postgresConnectionFromUrl(target.url));
  const boundFactory = bindMigrationAwareSqlAdapterFactory(factory);
  const explain = (error: unknown) => explainEngineError(error, boundFactory.errorRegistry, target);
  let engine: SchemaEngine | undefined;
  try {
    const datamodels = schema.files.map((file): [string, string] => [file.path, file.content]);
    engine = await bindings.SchemaEngine.new({ datamodels }, logEngineLine, boundFactory).catch((error: unknown) => {
      throw explain(error);
    });
    return await run({ engine: withExplainedErrors(engine, explain), schema });
  } finally {
    try {
      engine?.free();
    } catch {
      // After a panic the instance may refuse to free; the process is done with it anyway.
    }
    await factory.disposeAll();
  }
}

function readSchema(schemaFile: string): SchemasContainer {
  if (!fs.existsSync(schemaFile)) {
    throw new MigrationError(`找不到 Prisma schema / Prisma schema not found: ${schemaFile}`);
  }
  return { files: [{ path: schemaFile, content: fs.readFileSync(schemaFile, "utf8") }] };
}

/** Reads a migrations folder the way the Prisma CLI does before calling the engine. */
export function readMigrationsList(migrationsDir: string): MigrationList {
  const lockfilePath = path.join(migrationsDir, LOCKFILE_NAME);
  const lockfile = { path: LOCKFILE_NAME, content: fs.existsSync(lockfilePath) ? fs.readFileSync(lockfilePath, "utf8") : null };
  const entries = fs.existsSync(migrationsDir) ? fs.readdirSync(migrationsDir, { withFileTypes: true }) : [];
  const migrationDirectories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = path.join(migrationsDir, name, MIGRATION_FILE_NAME);
      let content: { tag: "ok"; value: string } | { tag: "error"; value: string };
      try {
        content = { tag: "ok", value: fs.readFileSync(file, "utf8") };
      } catch (error) {
        content = { tag: "error", value: (error as Error).message };
      }
      return { path: name, migrationFile: { path: MIGRATION_FILE_NAME, content } };
    });
  return { baseDir: migrationsDir, lockfile, shadowDbInitScript: "", migrationDirectories };
}

/**
 * Every failure an engine method reports is one the user has to act on (no
 * database, drift, a failed migration), so it becomes a MigrationError; bugs in
 * this file's own code keep their stack.
 */
function withExplainedErrors(engine: SchemaEngine, explain: (error: unknown) => MigrationError): SchemaEngine {
  return new Proxy(engine, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        try {
          return (value.apply(target, args) as Promise<unknown>).catch((error: unknown) => {
            throw explain(error);
          });
        } catch (error) {
          throw explain(error);
        }
      };
    },
  });
}

/**
 * Engine errors carry a Rust span trace after the message, and driver errors
 * reach them only as "External error id#N": keep the message, put the driver's
 * own words back, and say what to check.
 */
function explainEngineError(error: unknown, registry: ErrorRegistry, target: DatabaseTarget): MigrationError {
  if (error instanceof MigrationError) return error;
  if (error instanceof WebAssembly.RuntimeError) {
    enginePanicked = true;
    return new MigrationError(`迁移引擎崩溃 / the schema engine panicked: ${lastPanicMessage || error.message}`);
  }
  const rawCode = (error as { code?: unknown } | null)?.code;
  const code = typeof rawCode === "string" ? rawCode : undefined;
  const rawMessage = error instanceof Error ? error.message : String(error);
  const message = rawMessage
    .split(/\n\s*0: /)[0]!
    .replace(/External error id#(\d+)/g, (text, id: string) => {
      const record = registry.consumeError(Number(id));
      return record?.error instanceof Error ? record.error.message : text;
    })
    .trim();
  const aboutConnection =
    /^P100[0-3]$/.test(code ?? "") ||
    /reach database server|Authentication failed|unable to open database file|^Database `[^`]*` does not exist/.test(message);
  const hint = aboutConnection ? `\n请检查 DATABASE_URL / check DATABASE_URL (${describeTarget(target)})` : "";
  return new MigrationError(`${code ? `${code}: ` : ""}${message}${hint}`, code);
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `SQLite ${target.filePath}`;
  const { config } = postgresConnectionFromUrl(target.url);
  return `PostgreSQL ${config.host}:${config.port}/${config.database}`;
}

// ─── Preparing the database itself ───────────────────────────────────────────

async function prepareDatabase(target: DatabaseTarget, log: (line: string) => void) {
  if (target.provider === "sqlite") {
    try {
      fs.mkdirSync(path.dirname(target.filePath), { recursive: true });
    } catch (error) {
      throw new MigrationError(`无法创建数据库目录 / cannot create the database folder: ${(error as Error).message}`);
    }
    return;
  }
  await ensurePostgresDatabase(postgresConnectionFromUrl(target.url), log);
}

/** Like `prisma migrate`, creates the PostgreSQL database when the server lacks it. */
async function ensurePostgresDatabase(connection: PostgresConnection, log: (line: string) => void) {
  try {
    await withPgClient(connection, connection.config.database, async () => {});
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw explainPgError(error, connection);
    await withPgClient(connection, "postgres", (client) =>
      client.query(`CREATE DATABASE ${client.escapeIdentifier(connection.config.database)}`),
    ).catch((createError: unknown) => {
      throw explainPgError(createError, connection);
    });
    log(`已创建数据库 / created database ${connection.config.database}`);
  }
}

async function postgresDatabaseExists(connection: PostgresConnection): Promise<boolean> {
  try {
    await withPgClient(connection, connection.config.database, async () => {});
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return false;
    throw explainPgError(error, connection);
  }
}

async function withPgClient<T>(connection: PostgresConnection, database: string, run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ ...connection.config, database });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function explainPgError(error: unknown, connection: PostgresConnection): MigrationError {
  const { host, port, database, user } = connection.config;
  const code = (error as { code?: string }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "EHOSTUNREACH" || /timeout/i.test(detail)) {
    return new MigrationError(`无法连接数据库 / cannot reach the PostgreSQL server at ${host}:${port} (${code ?? detail})`, "P1001");
  }
  if (code === "28P01" || code === "28000") {
    return new MigrationError(`数据库拒绝登录 / the PostgreSQL server refused user "${user ?? ""}": ${detail}`, "P1000");
  }
  if (code === "42501") {
    return new MigrationError(
      `权限不足 / permission denied on ${database} (the role needs CREATEDB for the shadow database): ${detail}`,
      code,
    );
  }
  return new MigrationError(`PostgreSQL: ${detail}`, code);
}

// ─── Commands ────────────────────────────────────────────────────────────────

const silent = () => {};

/**
 * The Wasm engine answers P1014 instead of `hasMigrationsTable: false` when
 * _prisma_migrations does not exist yet: then every local migration is pending.
 */
async function diagnoseHistory(engine: SchemaEngine, migrationsList: MigrationList): Promise<DiagnoseMigrationHistoryOutput> {
  try {
    return await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS });
  } catch (error) {
    if ((error as { code?: unknown }).code !== "P1014") throw error;
    const local = migrationsList.migrationDirectories.map((directory) => directory.path);
    return {
      hasMigrationsTable: false,
      failedMigrationNames: [],
      editedMigrationNames: [],
      history: local.length > 0 ? { diagnostic: "databaseIsBehind", unappliedMigrationNames: local } : null,
    };
  }
}

function pendingFrom(history: HistoryDiagnostic | null): string[] {
  return history && "unappliedMigrationNames" in history ? history.unappliedMigrationNames : [];
}

/** Applies every pending migration (`migrate deploy`); creates _prisma_migrations on a fresh database. */
export async function applyMigrations(target: DatabaseTarget, options: MigrateOptions = {}): Promise<string[]> {
  const layout = options.layout ?? migrationLayout(target);
  const log = options.log ?? silent;
  await prepareDatabase(target, log);
  return withEngine(target, layout, ({ engine }) => applyPending(engine, layout, log));
}

async function applyPending(engine: SchemaEngine, layout: MigrationLayout, log: (line: string) => void) {
  const migrationsList = readMigrationsList(layout.migrationsDir);
  const diagnosis = await diagnoseHistory(engine, migrationsList);
  for (const name of pendingFrom(diagnosis.history)) log(`应用迁移 / applying ${name}`);
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS }).catch(async (error: unknown) => {
    // The Wasm engine passes on the driver's error without naming the migration; the table records which one failed.
    const failed = await diagnoseHistory(engine, migrationsList).then(
      (after) => after.failedMigrationNames.filter((name) => !diagnosis.failedMigrationNames.includes(name)),
      () => [],
    );
    if (failed.length === 0) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      `迁移 ${failed.join(", ")} 执行失败 / migration ${failed.join(", ")} failed: ${reason}\n` +
        `修正后标记为已回滚再部署 / once fixed, mark it rolled back and deploy again: npm run db:migrate -- resolve --rolled-back ${failed[0]}`,
    );
  });
  log(
    appliedMigrationNames.length === 0
      ? "没有待应用的迁移 / no pending migrations"
      : `已应用 ${appliedMigrationNames.length} 个迁移 / applied ${appliedMigrationNames.length} migration(s)`,
  );
  return appliedMigrationNames;
}

export interface CreateMigrationOptions extends MigrateOptions {
  /** Go ahead even though the engine warns that data would be lost. */
  acceptDataLoss?: boolean;
  /** Write the migration without applying it, e.g. to edit the SQL first. */
  createOnly?: boolean;
}

export interface CreateMigrationResult {
  /** `<timestamp>_<name>`, or null when the schema already matches the migrations. */
  migrationName: string | null;
  migrationFile: string | null;
  /** Every migration applied by this call (earlier pending ones included). */
  applied: string[];
  dataLossWarnings: string[];
}

export function normalizeMigrationName(name: string): string {
  const normalized = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!normalized) {
    throw new MigrationError(`迁移名称需要英文字母或数字 / the migration name needs ASCII letters or digits, got "${name}"`);
  }
  return normalized;
}

/**
 * `migrate dev`: applies pending migrations, diffs the migrations against the
 * schema, writes prisma/.../migrations/<timestamp>_<name>/migration.sql and
 * migration_lock.toml, then applies the new migration.
 */
export async function createMigration(
  target: DatabaseTarget,
  name: string,
  options: CreateMigrationOptions = {},
): Promise<CreateMigrationResult> {
  const migrationName = normalizeMigrationName(name);
  const log = options.log ?? silent;
  // Whichever provider this runs on, the PostgreSQL copy follows the edited schema (and is diffed fresh).
  if (!options.layout && writePostgresqlSchema().changed) {
    log(`已更新 / updated ${POSTGRESQL_SCHEMA_FILE}`);
  }
  const layout = options.layout ?? migrationLayout(target);
  await prepareDatabase(target, log);

  return withEngine(target, layout, async ({ engine, schema }) => {
    // Pitfall 1: the dev diagnostic needs _prisma_migrations, which applying creates.
    const applied = await applyPending(engine, layout, log);
    const migrationsList = readMigrationsList(layout.migrationsDir);

    // Pitfall 6: run the diagnostic after applying, or createMigration finds no shadow database.
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (action.tag === "reset") {
      throw new MigrationError(
        `数据库与迁移历史不一致，需要重置 / the database must be reset before a new migration can be made:\n${action.reason}\n` +
          `重置会删除所有数据 / resetting deletes all data: npm run db:migrate -- reset --force`,
      );
    }

    const evaluation = await engine.evaluateDataLoss({ migrationsList, schema, filters: NO_FILTERS });
    const dataLossWarnings = evaluation.warnings.map((warning) => warning.message);
    if (!options.createOnly && evaluation.unexecutableSteps.length > 0) {
      throw new MigrationError(
        `这个迁移无法在当前数据上执行 / this migration cannot run on the current data:\n` +
          evaluation.unexecutableSteps.map((step) => `  • ${step.message}`).join("\n") +
          `\n可加 --create-only 生成后手工修改 SQL / use --create-only and edit the SQL`,
      );
    }
    if (!options.createOnly && dataLossWarnings.length > 0 && !options.acceptDataLoss) {
      throw new MigrationError(
        `这个迁移会丢失数据 / this migration would lose data:\n` +
          dataLossWarnings.map((message) => `  • ${message}`).join("\n") +
          `\n确认后加 --accept-data-loss 重新运行 / re-run with --accept-data-loss to go ahead`,
      );
    }

    const created = await engine.createMigration({ draft: false, migrationName, migrationsList, schema, filters: NO_FILTERS });
    if (created.migrationScript === null) {
      log("没有变化 / no changes: the schema matches the migrations");
      return { migrationName: null, migrationFile: null, applied, dataLossWarnings: [] };
    }
    const migrationFile = writeMigration(
      layout.migrationsDir,
      created.generatedMigrationName,
      created.extension,
      created.migrationScript,
      created.connectorType,
    );
    log(`已创建迁移 / created ${path.relative(process.cwd(), migrationFile)}`);
    for (const warning of dataLossWarnings) log(`数据丢失警告 / data-loss warning: ${warning}`);

    if (options.createOnly) return { migrationName: created.generatedMigrationName, migrationFile, applied, dataLossWarnings };
    const appliedNow = await applyPending(engine, layout, log);
    return { migrationName: created.generatedMigrationName, migrationFile, applied: [...applied, ...appliedNow], dataLossWarnings };
  });
}

/** Writes the folder and lock file exactly as the Prisma CLI does. */
function writeMigration(migrationsDir: string, directoryName: string, extension: string, script: string, connectorType: string): string {
  const directory = path.join(migrationsDir, directoryName);
  if (fs.existsSync(directory)) throw new MigrationError(`迁移目录已存在 / the migration folder already exists: ${directory}`);
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `migration.${extension}`);
  fs.writeFileSync(file, script);
  fs.writeFileSync(
    path.join(migrationsDir, LOCKFILE_NAME),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${connectorType}"\n`,
  );
  return file;
}

/**
 * `migrate resolve`: after a failed migration, records that it was rolled back
 * (so deploy retries it) or that it was completed by hand (so deploy skips it).
 */
export async function resolveMigration(
  target: DatabaseTarget,
  migrationName: string,
  resolution: "rolled-back" | "applied",
  options: MigrateOptions = {},
): Promise<void> {
  const layout = options.layout ?? migrationLayout(target);
  const log = options.log ?? silent;
  await withEngine(target, layout, async ({ engine }) => {
    if (resolution === "rolled-back") {
      await engine.markMigrationRolledBack({ migrationName });
      log(`已标记为回滚 / marked rolled back: ${migrationName}`);
    } else {
      await engine.markMigrationApplied({ migrationName, migrationsList: readMigrationsList(layout.migrationsDir) });
      log(`已标记为已应用 / marked applied: ${migrationName}`);
    }
  });
}

export type DriftReport = { state: "none" } | { state: "detected"; summary: string } | { state: "unchecked"; reason: string };

export interface MigrationStatus {
  databaseExists: boolean;
  hasMigrationsTable: boolean;
  /** Migration folders, oldest first. */
  local: string[];
  applied: string[];
  pending: string[];
  failed: string[];
  /** Applied, but the file's checksum changed since. */
  edited: string[];
  /** Recorded in the database, missing from the folder. */
  missingLocally: string[];
  /** The database compared with what its applied migrations would have built. */
  drift: DriftReport;
  upToDate: boolean;
}

/** `migrate status`, plus a drift check of the live database against its applied migrations. */
export async function status(target: DatabaseTarget, options: MigrateOptions = {}): Promise<MigrationStatus> {
  const layout = options.layout ?? migrationLayout(target);
  const local = readMigrationsList(layout.migrationsDir).migrationDirectories.map((directory) => directory.path);

  // Opening a missing SQLite file would create it, and the engine only errors on
  // a missing PostgreSQL database: report either as not there yet.
  const databaseExists =
    target.provider === "sqlite" ? fs.existsSync(target.filePath) : await postgresDatabaseExists(postgresConnectionFromUrl(target.url));
  if (!databaseExists) {
    return {
      databaseExists: false,
      hasMigrationsTable: false,
      local,
      applied: [],
      pending: local,
      failed: [],
      edited: [],
      missingLocally: [],
      drift: { state: "unchecked", reason: "数据库不存在 / the database does not exist" },
      upToDate: false,
    };
  }

  return withEngine(target, layout, async ({ engine, schema }) => {
    const migrationsList = readMigrationsList(layout.migrationsDir);
    const diagnosis = await diagnoseHistory(engine, migrationsList);
    const history = diagnosis.history;
    const pending = pendingFrom(history);
    const missingLocally = history && "unpersistedMigrationNames" in history ? history.unpersistedMigrationNames : [];
    const failed = diagnosis.failedMigrationNames;
    const applied = local.filter((name) => !pending.includes(name) && !failed.includes(name));

    let drift: DriftReport;
    if (failed.length > 0 || missingLocally.length > 0) {
      drift = { state: "unchecked", reason: "迁移历史不完整 / the migration history is incomplete" };
    } else {
      // Replay only the applied migrations, so pending ones are not mistaken for drift.
      const appliedList: MigrationList = {
        ...migrationsList,
        migrationDirectories: migrationsList.migrationDirectories.filter((directory) => applied.includes(directory.path)),
      };
      const difference = await engine.diff({
        from: appliedList.migrationDirectories.length > 0 ? { tag: "migrations", ...appliedList } : { tag: "empty" },
        to: { tag: "schemaDatasource", files: schema.files, configDir: path.dirname(layout.schemaFile) },
        script: false,
        exitCode: true,
        filters: NO_FILTERS,
      });
      drift = difference.exitCode === 2 ? { state: "detected", summary: (difference.stdout ?? "").trim() } : { state: "none" };
    }

    return {
      databaseExists: true,
      hasMigrationsTable: diagnosis.hasMigrationsTable,
      local,
      applied,
      pending,
      failed,
      edited: diagnosis.editedMigrationNames,
      missingLocally,
      drift,
      upToDate:
        pending.length === 0 &&
        failed.length === 0 &&
        diagnosis.editedMigrationNames.length === 0 &&
        missingLocally.length === 0 &&
        drift.state === "none",
    };
  });
}

/** SQLite diffs need no real database: the engine replays migrations into an in-memory shadow. */
const IN_MEMORY_SQLITE: DatabaseTarget = { provider: "sqlite", url: "file::memory:", filePath: ":memory:" };

/**
 * Schema versus migrations: the SQL a new migration would need, "" when they
 * agree. Never touches the SQLite database file; PostgreSQL needs the server
 * for a temporary shadow database.
 */
export async function checkDrift(target: DatabaseTarget, options: MigrateOptions = {}): Promise<string> {
  const layout = options.layout ?? migrationLayout(target);
  const probe = target.provider === "sqlite" ? IN_MEMORY_SQLITE : target;
  if (probe.provider === "postgresql") await prepareDatabase(probe, options.log ?? silent);
  return withEngine(probe, layout, async ({ engine, schema }) => {
    const migrationsList = readMigrationsList(layout.migrationsDir);
    const difference = await engine.diff({
      // Without any migration there is no lock file to name the connector: diff from nothing.
      from: migrationsList.migrationDirectories.length > 0 ? { tag: "migrations", ...migrationsList } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: schema.files },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return difference.exitCode === 2 ? (difference.stdout ?? "").trim() : "";
  });
}

/**
 * Empties the database. Pitfall 7: the engine's SQLite reset only deletes rows,
 * so the file and its companions are removed instead; PostgreSQL drops and
 * recreates the schema.
 */
export async function reset(target: DatabaseTarget, options: MigrateOptions = {}): Promise<void> {
  const log = options.log ?? silent;
  if (target.provider === "sqlite") {
    for (const suffix of SQLITE_COMPANION_SUFFIXES) fs.rmSync(`${target.filePath}${suffix}`, { force: true });
    log(`已删除数据库文件 / deleted ${target.filePath}`);
    return;
  }
  const connection = postgresConnectionFromUrl(target.url);
  await ensurePostgresDatabase(connection, log);
  await withPgClient(connection, connection.config.database, async (client) => {
    const schema = client.escapeIdentifier(connection.schema);
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`);
  }).catch((error: unknown) => {
    throw explainPgError(error, connection);
  });
  log(`已清空 schema / dropped and recreated schema "${connection.schema}" in ${connection.config.database}`);
}
