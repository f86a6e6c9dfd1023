// A database that refuses to update one row (standing in for any error tied to
// one row), on either provider: a trigger that raises for that row's id.
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { resolveDatabase } from "~/utils/database-url.ts";

/** Makes every UPDATE of row `id` in `table` fail; the returned function removes the trigger. */
export async function refuseUpdatesOf(prisma: PrismaClient, table: string, id: string): Promise<() => Promise<void>> {
  const quotedId = id.replaceAll("'", "''");
  if (resolveDatabase().provider === "postgresql") {
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_one BEFORE UPDATE ON "${table}" FOR EACH ROW WHEN (NEW."id" = '${quotedId}') EXECUTE FUNCTION refuse_one()`,
    );
    return async () => {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_one ON "${table}"`);
      await prisma.$executeRawUnsafe("DROP FUNCTION refuse_one()");
    };
  }
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER refuse_one BEFORE UPDATE ON "${table}" WHEN NEW."id" = '${quotedId}' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`,
  );
  return async () => {
    await prisma.$executeRawUnsafe("DROP TRIGGER refuse_one");
  };
}
