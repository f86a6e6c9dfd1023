import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { postgresqlSchemaFrom, postgresqlSchemaIsCurrent } from "./postgresql-schema.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const folders = { sqliteSchemaDir: "/repo/prisma", postgresqlSchemaDir: "/repo/prisma/postgresql" };

describe("postgresqlSchemaFrom", () => {
  it("changes the provider and sends the client to its own folder beside the SQLite one, nothing else", () => {
    const sqlite = fs.readFileSync(path.join(repoRoot, "prisma/schema.prisma"), "utf8");
    const postgresql = postgresqlSchemaFrom(sqlite, folders);

    const before = sqlite.split("\n");
    const after = postgresql.split("\n");
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, index) => (line === after[index] ? [] : [[line.trim(), after[index]!.trim()]]));
    expect(changed).toEqual([
      ['output   = "../app/generated/prisma"', 'output   = "../../app/generated/prisma-postgresql"'],
      ['provider = "sqlite"', 'provider = "postgresql"'],
    ]);
  });

  it("leaves a generator's own provider and lookalike lines in models alone", () => {
    const schema = [
      'generator client {\n  provider = "prisma-client"\n}',
      'datasource db {\n  provider = "sqlite" // the default\n}',
      'model Note {\n  id String @id\n  provider String @default("sqlite")\n}',
    ].join("\n\n");
    const result = postgresqlSchemaFrom(schema, folders);
    expect(result).toContain('provider = "postgresql" // the default');
    expect(result).toContain('provider = "prisma-client"');
    expect(result).toContain('provider String @default("sqlite")');
  });

  it("refuses a schema without a SQLite datasource", () => {
    expect(() => postgresqlSchemaFrom('datasource db {\n  provider = "postgresql"\n}\n', folders)).toThrow(/provider = "sqlite"/);
  });
});

it("prisma/postgresql/schema.prisma is current (npm run db:generate rewrites it)", () => {
  expect(postgresqlSchemaIsCurrent(repoRoot)).toBe(true);
});
