// 责任追究: every decision names who made it. Append-only.
import type { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";

/**
 * `db`: pass the transaction the decision itself is written in, so that the
 * decision and the name of who made it are stored together or not at all.
 */
export async function recordAudit(
  entry: {
    actorId: string | null;
    orgId?: string | null;
    action: string;
    entityType: string;
    entityId: string;
    details?: Record<string, unknown>;
  },
  db?: Prisma.TransactionClient,
) {
  const client = db ?? (await getPrisma());
  await client.auditLog.create({
    data: {
      actorId: entry.actorId,
      orgId: entry.orgId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      detailsJson: JSON.stringify(entry.details ?? {}),
    },
  });
}
