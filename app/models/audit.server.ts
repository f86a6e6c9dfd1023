// 责任追究: every decision names who made it. Append-only.
import { randomUUID } from "node:crypto";
import { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";

/**
 * `db`: pass the transaction the decision itself is written in, so that the
 * decision and the name of who made it are stored together or not at all.
 */
export type AuditEntry = {
  actorId: string | null;
  orgId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
};

const auditRow = (entry: AuditEntry) => ({
  actorId: entry.actorId,
  orgId: entry.orgId ?? null,
  action: entry.action,
  entityType: entry.entityType,
  entityId: entry.entityId,
  detailsJson: JSON.stringify(entry.details ?? {}),
});

export async function recordAudit(entry: AuditEntry, db?: Prisma.TransactionClient) {
  const client = db ?? (await getPrisma());
  await client.auditLog.create({ data: auditRow(entry) });
}

/**
 * Many decisions of one act (an import's people) in one multi-row insert, written
 * by hand: Prisma compiles a createMany with all its values, which for a few
 * hundred rows costs more than the insert itself. At most a few thousand entries a call.
 */
export async function recordAudits(entries: readonly AuditEntry[], db?: Prisma.TransactionClient) {
  if (entries.length === 0) return;
  const client = db ?? (await getPrisma());
  const now = new Date();
  const rows = entries
    .map(auditRow)
    .map(
      (row) =>
        Prisma.sql`(${randomUUID()}, ${row.actorId}, ${row.orgId}, ${row.action}, ${row.entityType}, ${row.entityId}, ${row.detailsJson}, ${now})`,
    );
  await client.$executeRaw`
    INSERT INTO "AuditLog" ("id", "actorId", "orgId", "action", "entityType", "entityId", "detailsJson", "createdAt")
    VALUES ${Prisma.join(rows)}`;
}
