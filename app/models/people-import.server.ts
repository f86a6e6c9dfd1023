// 批量导入与导出人员: a roster's rows planned by app/domain/people-import.ts
// against the admin's organizations and the people already on record, then
// written in one transaction with their audit entries; and the people of a
// subtree written out in the same columns.
import { randomUUID } from "node:crypto";
import {
  PERSON_FIELDS,
  alignedRow,
  planRows,
  readRow,
  readSheet,
  rosterRow,
  ROSTER_COLUMNS,
  type Cell,
  type ImportOrg,
  type KnownPerson,
  type RowProblem,
  type SheetProblem,
} from "~/domain/people-import.ts";
import { isoDate, maskIdCard, type PersonFields } from "~/domain/people.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit, recordAudits, type AuditEntry } from "./audit.server.ts";
import { PERSON_FIELDS_SELECT } from "./people.server.ts";
import { isUniqueViolation } from "./prisma-errors.server.ts";

const underRoots = (roots: readonly string[]) => ({ OR: roots.map((root) => ({ path: { startsWith: root } })) });

/** The organizations of the subtrees, each with the names along its path from the top of the tree. */
async function organizationsUnder(roots: readonly string[]): Promise<ImportOrg[]> {
  const prisma = await getPrisma();
  const all = await prisma.organization.findMany({ select: { id: true, code: true, name: true, path: true, closedAt: true } });
  const nameOf = new Map(all.map((org) => [org.id, org.name]));
  return all
    .filter((org) => roots.some((root) => org.path.startsWith(root)))
    .map((org) => ({
      id: org.id,
      code: org.code,
      name: org.name,
      path: org.path
        .split("/")
        .filter(Boolean)
        .map((id) => nameOf.get(id) ?? ""),
      closed: org.closedAt !== null,
    }));
}

const PERSON_SELECT = { id: true, homeOrgId: true, ...PERSON_FIELDS_SELECT } as const;

/** The people the rows' ID-card numbers, phones and (for rows with neither) names find, asked in slices so a big file stays within a query's limits. */
async function peopleNamedBy(idCards: string[], phones: string[], names: string[], orgIds: string[]): Promise<KnownPerson[]> {
  const prisma = await getPrisma();
  const found: KnownPerson[] = [];
  const SLICE = 500;
  for (const [field, values] of [
    ["idCardNumber", idCards],
    ["phone", phones],
  ] as const)
    for (let start = 0; start < values.length; start += SLICE) {
      const rows = await prisma.user.findMany({
        where: { [field]: { in: values.slice(start, start + SLICE) }, mergedIntoId: null },
        select: PERSON_SELECT,
      });
      found.push(...(rows as KnownPerson[]));
    }
  for (let start = 0; start < names.length; start += SLICE) {
    const rows = await prisma.user.findMany({
      where: { name: { in: names.slice(start, start + SLICE) }, homeOrgId: { in: orgIds }, mergedIntoId: null },
      select: PERSON_SELECT,
    });
    found.push(...(rows as KnownPerson[]));
  }
  return [...new Map(found.map((person) => [person.id, person])).values()];
}

/** Rows written together (one multi-row insert of new people, one of audit entries), a progress report after each. */
const WRITE_SLICE = 500;

export type ImportMode = "all-or-nothing" | "good-rows";

export type ImportReport =
  | { ok: false; sheet: SheetProblem }
  | {
      ok: true;
      saved: boolean;
      total: number;
      created: number;
      updated: number;
      unchanged: number;
      problems: RowProblem[];
      /** The refused rows in the template's columns, for the secretary to mend and import again. */
      rejectedRows: { row: number; cells: string[] }[];
    };

/**
 * Imports a roster's rows (the heading row first). All or nothing: any refused row
 * and nothing is saved. Good rows: those are saved and the rest come back to mend.
 */
export async function importRoster(input: {
  rows: Cell[][];
  mode: ImportMode;
  roots: readonly string[];
  actorId: string;
  fileName: string;
  /** Told of the rows written so far, every few hundred rows and once all are. */
  onProgress?: (progress: { done: number; total: number }) => Promise<void>;
}): Promise<ImportReport> {
  const sheet = readSheet(input.rows);
  if ("code" in sheet) return { ok: false, sheet };
  const { columns, body: numbered } = sheet;
  const today = new Date();
  const orgs = await organizationsUnder(input.roots);
  const readRows = numbered.map(({ cells, row }) => readRow(row, cells, columns, orgs));
  const cellsOf = new Map(numbered.map(({ cells, row }) => [row, cells]));
  const known = await peopleNamedBy(
    readRows.flatMap((row) => (row.fields.idCardNumber ? [row.fields.idCardNumber] : [])),
    readRows.flatMap((row) => (row.fields.phone ? [row.fields.phone] : [])),
    readRows.flatMap((row) => (row.fields.idCardNumber || row.fields.phone || !row.orgId ? [] : [row.fields.name])),
    [...new Set(readRows.map((row) => row.orgId).filter(Boolean))],
  );
  const plans = planRows(readRows, known, today);
  const rejected = plans.flatMap((plan) => (plan.kind === "rejected" ? [plan] : []));
  const count = (kind: string) => plans.filter((plan) => plan.kind === kind).length;
  const report = {
    ok: true as const,
    total: plans.length,
    created: count("create"),
    updated: count("update"),
    unchanged: count("unchanged"),
    problems: rejected.flatMap((plan) => plan.problems),
    rejectedRows: rejected.map((plan) => ({ row: plan.row, cells: alignedRow(cellsOf.get(plan.row)!, columns) })),
  };
  if (rejected.length > 0 && input.mode === "all-or-nothing") return { ...report, saved: false, created: 0, updated: 0, unchanged: 0 };
  const prisma = await getPrisma();
  const homeOf = new Map(known.map((person) => [person.id, person.homeOrgId]));
  try {
    await prisma.$transaction(
      async (tx) => {
        for (let start = 0; start < plans.length; start += WRITE_SLICE) {
          await input.onProgress?.({ done: start, total: plans.length });
          const slice = plans.slice(start, start + WRITE_SLICE);
          // Made here rather than by the database, so that each new person's audit entry can name him in the same multi-row insert.
          const created = slice.flatMap((plan) =>
            plan.kind === "create" ? [{ id: randomUUID(), ...plan.fields, homeOrgId: plan.orgId }] : [],
          );
          if (created.length > 0) await insertPeople(tx, created);
          const audits: AuditEntry[] = created.map((person) => ({
            actorId: input.actorId,
            orgId: person.homeOrgId,
            action: "person.created",
            entityType: "User",
            entityId: person.id,
            details: { via: "import" },
          }));
          for (const plan of slice) {
            if (plan.kind !== "update") continue;
            await tx.user.update({ where: { id: plan.personId }, data: plan.changes });
            audits.push({
              actorId: input.actorId,
              orgId: homeOf.get(plan.personId) ?? null,
              action: "person.updated",
              entityType: "User",
              entityId: plan.personId,
              details: { via: "import", ...auditedChanges(plan.changes) },
            });
          }
          await recordAudits(audits, tx);
        }
        await input.onProgress?.({ done: plans.length, total: plans.length });
        await recordAudit(
          {
            actorId: input.actorId,
            action: "people.imported",
            entityType: "Import",
            entityId: input.fileName,
            details: { mode: input.mode, total: report.total, created: report.created, updated: report.updated, rejected: rejected.length },
          },
          tx,
        );
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    // Someone saved the same phone or number while the file was read: nothing of it is kept; importing again sees him.
    if (isUniqueViolation(error)) return { ok: false, sheet: { code: "saved-meanwhile" } };
    throw error;
  }
  return { ...report, saved: true };
}

/**
 * New people in one multi-row insert, written by hand for the reason recordAudits
 * gives. Columns left out take the schema's defaults.
 */
async function insertPeople(tx: Prisma.TransactionClient, people: readonly (PersonFields & { id: string; homeOrgId: string })[]) {
  const now = new Date();
  const columns = Prisma.raw(["id", "homeOrgId", ...PERSON_FIELDS, "createdAt", "updatedAt"].map((column) => `"${column}"`).join(", "));
  const rows = people.map(
    (person) =>
      Prisma.sql`(${person.id}, ${person.homeOrgId}, ${Prisma.join(PERSON_FIELDS.map((field) => person[field]))}, ${now}, ${now})`,
  );
  await tx.$executeRaw`INSERT INTO "User" (${columns}) VALUES ${Prisma.join(rows)}`;
}

function auditedChanges(changes: Partial<PersonFields>) {
  return Object.fromEntries(
    Object.entries(changes).map(([field, value]) => [
      field,
      value instanceof Date ? isoDate(value) : field === "idCardNumber" && typeof value === "string" ? maskIdCard(value) : value,
    ]),
  );
}

/** The people of the subtrees in the template's columns, the heading row first: an export that imports back unchanged. */
export async function rosterOf(roots: readonly string[], actorId: string): Promise<string[][]> {
  const prisma = await getPrisma();
  const orgs = await organizationsUnder(roots);
  const pathOf = new Map(orgs.map((org) => [org.id, org.path]));
  const people = await prisma.user.findMany({
    where: { homeOrg: underRoots(roots), mergedIntoId: null, deactivatedAt: null },
    orderBy: [{ homeOrg: { path: "asc" } }, { name: "asc" }],
    select: PERSON_SELECT,
  });
  // An export holds every ID-card number in full: who took one, and of how many, is on record.
  await recordAudit({
    actorId,
    action: "people.exported",
    entityType: "Export",
    entityId: roots.join(","),
    details: { people: people.length },
  });
  return [
    ROSTER_COLUMNS.map((column) => column.header),
    ...people.map((person) => rosterRow({ ...(person as KnownPerson), orgPath: pathOf.get(person.homeOrgId ?? "") ?? [] })),
  ];
}
