// Every schema change carries one migration per provider (`npm run db:migrate --
// dev` makes both). These checks need no database, so they run in both runs of
// the suite; that each provider's migrations produce the current schema is
// checked on a database by prisma/migrate-engine.test.ts (SQLite) and
// prisma/migrate-engine.postgresql.test.ts (PostgreSQL).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { migrationLayout, readMigrationsList } from "./migrate-engine.ts";
import { migrationTwins } from "./migration-twins.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

function names(provider: "sqlite" | "postgresql") {
  const layout = migrationLayout(
    provider === "sqlite" ? { provider, url: "file:unused", filePath: "/unused" } : { provider, url: "postgresql://unused" },
    repoRoot,
  );
  return readMigrationsList(layout.migrationsDir).migrationDirectories.map((directory) => path.basename(directory.path));
}

it("every SQLite migration has its PostgreSQL twin of the same name, in the same order, and none is left over", () => {
  const { unmatched } = migrationTwins(names("sqlite"), names("postgresql"));
  expect(unmatched).toEqual([]);
});

it("pairs migrations by name, whatever their timestamps, and names what lags on either side", () => {
  expect(
    migrationTwins(["20260101000000_init", "20260102000000_add_x"], ["20260101000005_init", "20260102000009_add_x"]).unmatched,
  ).toEqual([]);
  expect(migrationTwins(["20260101000000_init", "20260102000000_add_x"], ["20260101000005_init"]).unmatched).toEqual([
    "SQLite 20260102000000_add_x 没有 PostgreSQL 的同名迁移 / has no PostgreSQL twin",
  ]);
  expect(migrationTwins(["20260101000000_init"], ["20260101000005_init", "20260103000000_add_y"]).unmatched).toEqual([
    "PostgreSQL 20260103000000_add_y 没有 SQLite 的同名迁移 / has no SQLite twin",
  ]);
  expect(migrationTwins(["1_a", "2_b"], ["1_b", "2_a"]).unmatched).toEqual([
    "第 1 个迁移不同名 / migration 1 differs: SQLite 1_a, PostgreSQL 1_b",
    "第 2 个迁移不同名 / migration 2 differs: SQLite 2_b, PostgreSQL 2_a",
  ]);
});
