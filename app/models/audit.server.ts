// 责任追究: every decision names who made it. Append-only.
import { getPrisma } from "~/utils/db.server.ts";

export async function recordAudit(entry: {
  actorId: string | null;
  orgId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}) {
  const prisma = await getPrisma();
  await prisma.auditLog.create({
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
