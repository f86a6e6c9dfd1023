// GET /healthz: the site answers and its database is reachable.
import { databaseAnswers } from "~/models/health.server.ts";

export async function loader() {
  await databaseAnswers();
  return Response.json({ ok: true });
}
