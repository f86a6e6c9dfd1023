// GET /healthz: the site answers and its database is reachable.
import { getPrisma } from "~/utils/db.server.ts";

export async function loader() {
  const prisma = await getPrisma();
  await prisma.$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true });
}
