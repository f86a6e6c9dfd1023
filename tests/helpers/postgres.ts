// Which database the test suite runs on. The test command runs the whole
// Vitest suite twice: with TEST_DATABASE unset (SQLite) and with
// TEST_DATABASE=postgresql, on the local server (prisma/local-postgres.ts).
export {
  dropPostgresDatabase,
  localPostgresUrl as testPostgresUrl,
  postgresUrlFor,
  withPostgresAdmin,
} from "../../prisma/local-postgres.ts";

export type TestProvider = "sqlite" | "postgresql";

export function testProvider(env: NodeJS.ProcessEnv = process.env): TestProvider {
  const wanted = env.TEST_DATABASE?.trim() || "sqlite";
  if (wanted !== "sqlite" && wanted !== "postgresql") {
    throw new Error(`TEST_DATABASE 只能是 sqlite 或 postgresql / TEST_DATABASE must be sqlite or postgresql, got "${wanted}"`);
  }
  return wanted;
}
