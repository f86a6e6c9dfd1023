// The suite runs on the database it says: SQLite by default, PostgreSQL with
// TEST_DATABASE=postgresql (tests/helpers/test-database.ts). Without this a
// helper that quietly fell back to SQLite would make the PostgreSQL run prove nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-database.ts";
import { testProvider } from "../../tests/helpers/postgres.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.cleanup();
});

it("test databases and the client both use the provider TEST_DATABASE names", async () => {
  const provider = testProvider();
  expect(db.target.provider).toBe(provider);
  if (provider === "postgresql") {
    const [row] = await db.prisma.$queryRawUnsafe<Array<{ version: string }>>("SELECT version() AS version");
    expect(row?.version).toMatch(/^PostgreSQL /);
  } else {
    const [row] = await db.prisma.$queryRawUnsafe<Array<{ version: string }>>("SELECT sqlite_version() AS version");
    expect(row?.version).toMatch(/^3\./);
  }
});
