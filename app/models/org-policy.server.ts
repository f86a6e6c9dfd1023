// An organization's settings document (`Organization.policyJson`): one JSON
// object shared by every rule set that reads settings down the tree (annual
// study targets, development policy). Each reader picks its own keys.
import type { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";

export type PolicyDocument = Record<string, unknown>;

/** A stored document; one that no longer reads counts as empty (the defaults apply), not as an error. */
export function readPolicyDocument(json: string): PolicyDocument {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as PolicyDocument) : {};
  } catch {
    return {};
  }
}

/** The organizations along a path, root first, each with its document. */
export async function policyDocumentsAlong(orgPath: string, db?: Prisma.TransactionClient) {
  const prisma = db ?? (await getPrisma());
  const ids = orgPath.split("/").filter(Boolean);
  const orgs = await prisma.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, path: true, policyJson: true } });
  return orgs
    .sort((a, b) => a.path.length - b.path.length)
    .map((org) => ({ id: org.id, name: org.name, path: org.path, document: readPolicyDocument(org.policyJson) }));
}
