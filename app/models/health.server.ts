// The site's own health: can it reach its database?
import { getPrisma } from "~/utils/db.server.ts";

export async function databaseAnswers(): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$queryRawUnsafe("SELECT 1");
}
