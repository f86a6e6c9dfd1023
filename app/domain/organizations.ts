// 党组织管理: an organization admin keeps the tree of his subtree in the
// browser — creates an organization under one of his, renames one, moves one
// under another of his, closes (撤销) one that has nothing left in it — and
// records entrusted training (委托培养) of the people of his organizations.
// Pure: the facts that need the database (the code taken, the people still
// there, the paths of the subtree) come in as plain data; the words of every
// refusal live in app/locales/organizations.*.ts under organizations.problems.
// Decision record 028 explains the nesting rule, the path rewrite, the codes
// and the scope of entrusted training.
import { z } from "zod";
import type { Problem } from "~/utils/problems.ts";

export const ORG_KINDS = ["COUNTY", "TOWNSHIP", "GENERAL_BRANCH", "BRANCH"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** The kinds an admin may create: a county committee is a root, made only by the command line (or the seed). */
export const CREATABLE_KINDS = ["TOWNSHIP", "GENERAL_BRANCH", "BRANCH"] as const satisfies readonly OrgKind[];
export type CreatableKind = (typeof CREATABLE_KINDS)[number];

export function isOrgKind(value: string): value is OrgKind {
  return (ORG_KINDS as readonly string[]).includes(value);
}

/**
 * 县委 → 乡镇党委 → 党总支 → 党支部: which kinds each may sit under. A branch
 * may sit under a township committee directly (a village branch) or under a
 * general branch (a community's branches); nothing sits under a branch.
 */
const PARENT_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  COUNTY: [],
  TOWNSHIP: ["COUNTY"],
  GENERAL_BRANCH: ["TOWNSHIP"],
  BRANCH: ["TOWNSHIP", "GENERAL_BRANCH"],
};

export function mayNestUnder(child: OrgKind, parent: OrgKind): boolean {
  return PARENT_KINDS[child].includes(parent);
}

/** The kinds that may be created under an organization of this kind (none under a branch). */
export function kindsUnder(parent: OrgKind): CreatableKind[] {
  return CREATABLE_KINDS.filter((kind) => mayNestUnder(kind, parent));
}

/** Tree order of kinds, for siblings: the township committees before the branches of the same parent. */
const KIND_RANK: Record<OrgKind, number> = { COUNTY: 0, TOWNSHIP: 1, GENERAL_BRANCH: 2, BRANCH: 3 };

// ─── Paths ─────────────────────────────────────────────────────────────────

/** An organization's path under its parent: "/rootId/…/parentId/" + its own id. */
export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}

/** How many organizations a path goes through, the organization included: a root is 1. */
export function pathDepth(path: string): number {
  return path.split("/").filter(Boolean).length;
}

/** The id of the root (the county) a path lies under. */
export function rootIdOf(path: string): string {
  return path.split("/").filter(Boolean)[0] ?? "";
}

/**
 * The new path of every organization of a moved subtree (the moved one
 * included, `subtree` holding every row whose path starts with `movedPath`):
 * the moved organization's prefix is replaced by its path under the new
 * parent, the rest of each path kept. Rows outside the subtree are ignored.
 */
export function rewrittenPaths(
  moved: { id: string; path: string },
  newParentPath: string,
  subtree: readonly { id: string; path: string }[],
): { id: string; from: string; to: string }[] {
  const newPath = childPath(newParentPath, moved.id);
  return subtree
    .filter((row) => row.path.startsWith(moved.path))
    .map((row) => ({ id: row.id, from: row.path, to: newPath + row.path.slice(moved.path.length) }));
}

export type TreeNode = { id: string; parentId: string | null; path: string; kind: string; name: string };

/**
 * The organizations in tree order, each with its depth below the shallowest
 * one given (0): every organization right after its parent, siblings by kind
 * then name. Sorting the paths themselves would not do: they are ids, which
 * say nothing of names, and PostgreSQL's collation may ignore the slashes.
 */
export function inTreeOrder<Node extends TreeNode>(nodes: readonly Node[]): (Node & { depth: number })[] {
  const ids = new Set(nodes.map((node) => node.id));
  const children = new Map<string | null, Node[]>();
  for (const node of nodes) {
    // One whose parent is not among them (the top of an admin's subtree) starts a tree of its own.
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const bySibling = (a: Node, b: Node) =>
    (isOrgKind(a.kind) ? KIND_RANK[a.kind] : 9) - (isOrgKind(b.kind) ? KIND_RANK[b.kind] : 9) ||
    a.name.localeCompare(b.name, "zh-CN") ||
    a.id.localeCompare(b.id);
  const tops = children.get(null) ?? [];
  const shallowest = Math.min(...tops.map((node) => pathDepth(node.path)));
  const ordered: (Node & { depth: number })[] = [];
  const visit = (node: Node) => {
    ordered.push({ ...node, depth: pathDepth(node.path) - shallowest });
    for (const child of [...(children.get(node.id) ?? [])].sort(bySibling)) visit(child);
  };
  for (const top of [...tops].sort(bySibling)) visit(top);
  return ordered;
}

// ─── Codes ─────────────────────────────────────────────────────────────────

export const ORG_CODE_MIN = 2;
export const ORG_CODE_MAX = 40;

export type OrgCodeProblem = "code-characters" | "code-length";

/**
 * What is wrong with an organization code the admin typed, or null: lowercase
 * letters a–z, digits and hyphens, 2 to 40 of them, a letter or digit at each
 * end and no two hyphens together (hexi-cun, chengguan-2). The code is the
 * organization's key in files (the seed, rosters to import), so it never changes.
 */
export function orgCodeProblem(code: string): OrgCodeProblem | null {
  if (!/^[a-z0-9](?:-?[a-z0-9])*$/.test(code)) return "code-characters";
  if (code.length < ORG_CODE_MIN || code.length > ORG_CODE_MAX) return "code-length";
  return null;
}

/**
 * The code given to an organization whose form left it empty: its parent's
 * code and the first number not taken (hexi → hexi-1, hexi-2…), the parent's
 * part shortened so that the whole stays within 40 characters.
 */
export function generatedCode(parentCode: string, taken: ReadonlySet<string>): string {
  for (let number = 1; ; number += 1) {
    const suffix = `-${number}`;
    const base = parentCode.slice(0, ORG_CODE_MAX - suffix.length).replace(/-+$/, "");
    const code = `${base}${suffix}`;
    if (!taken.has(code)) return code;
  }
}

// ─── Forms ─────────────────────────────────────────────────────────────────

const P = "organizations.problems";
export const ORG_NAME_MAX = 50;

const orgName = z
  .string({ required_error: `${P}.name-empty` })
  .trim()
  .min(1, `${P}.name-empty`)
  .max(ORG_NAME_MAX, `${P}.name-long`);

// An unticked box sends nothing: absent is "no".
const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

/** A calendar day as a date input sends it (YYYY-MM-DD), as the UTC midnight records keep for a day. */
const calendarDay = z
  .string({ required_error: `${P}.date-empty` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, `${P}.date-format`)
  .transform((text, context) => {
    const parsed = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `${P}.date-format` });
      return z.NEVER;
    }
    return parsed;
  });

/** 新建党组织: the new organization's parent, name, code (empty: one is generated), kind and whether it is a mobile branch. */
export const NewOrganizationSchema = z.object({
  parentId: z.string({ required_error: `${P}.parent-outside` }).min(1, `${P}.parent-outside`),
  name: orgName,
  code: z
    .string()
    .trim()
    // Typed in capitals (HX-03) it is the same code: codes are lowercase.
    .toLowerCase()
    .optional()
    .default("")
    .superRefine((code, context) => {
      const problem = code === "" ? null : orgCodeProblem(code);
      if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: `${P}.${problem}` });
    }),
  kind: z.enum(CREATABLE_KINDS, { errorMap: () => ({ message: `${P}.kind` }) }),
  isMobile: checkbox,
});
export type NewOrganizationForm = z.output<typeof NewOrganizationSchema>;

/** 修改名称. */
export const RenameSchema = z.object({ name: orgName });

/** 移动: the new parent. */
export const MoveSchema = z.object({
  parentId: z.string({ required_error: `${P}.move-choose` }).min(1, `${P}.move-choose`),
});

/** 流动党支部 or not: the box as the admin leaves it. */
export const MobileSchema = z.object({ isMobile: checkbox });

/** 撤销. Without JavaScript there is no confirmation dialog: the tick is the confirmation. */
export const CloseSchema = z.object({ confirm: checkbox.refine((ticked) => ticked, `${P}.close-confirm`) });

/** 委托培养: whom, to which organization, from which day. */
export const EntrustSchema = z.object({
  userId: z.string({ required_error: `${P}.person-choose` }).min(1, `${P}.person-choose`),
  trainingOrgId: z.string({ required_error: `${P}.training-org-choose` }).min(1, `${P}.training-org-choose`),
  startedOn: calendarDay,
});

/** The end of one entrusted training. */
export const EndTrainingSchema = z.object({ trainingId: z.string().min(1), endedOn: calendarDay });

/** The forms of an organization's page, one per intent. */
export const OrganizationActionSchema = z.discriminatedUnion("intent", [
  RenameSchema.extend({ intent: z.literal("rename") }),
  MoveSchema.extend({ intent: z.literal("move") }),
  MobileSchema.extend({ intent: z.literal("mobile") }),
  CloseSchema.extend({ intent: z.literal("close") }),
  EntrustSchema.extend({ intent: z.literal("entrust") }),
  EndTrainingSchema.extend({ intent: z.literal("end-training") }),
]);
export type OrganizationAction = z.output<typeof OrganizationActionSchema>;

// ─── Rules ─────────────────────────────────────────────────────────────────

/** An organization as the rules see it. */
export type OrgFacts = { id: string; code: string; kind: OrgKind; path: string; parentId: string | null; closed: boolean };

/** Is this path one of the admin's subtrees, or inside one? (A platform admin's root is "": everything.) */
export const inReach = (path: string, roots: readonly string[]) => roots.some((root) => path.startsWith(root));
/** Is this organization the top of one of the admin's subtrees (where his role is held), or a root of the whole tree? */
const isAdminTop = (org: OrgFacts, roots: readonly string[]) => org.parentId === null || roots.includes(org.path);

const sameName = (a: string, b: string) => a.normalize("NFKC").trim() === b.normalize("NFKC").trim();

/** The names of the open organizations beside it under the same parent. */
export type SiblingNames = readonly string[];

/**
 * Why an organization may not be created as the form says: its parent outside
 * the admin's subtree (or none), closed, or of a kind the new one may not sit
 * under; 流动党支部 ticked for what is not a branch; the code taken; the name
 * already an open sibling's.
 */
export function creationProblems(
  form: Pick<NewOrganizationForm, "kind" | "isMobile" | "code" | "name">,
  facts: { parent: OrgFacts | null; roots: readonly string[]; codeTaken: boolean; siblingNames: SiblingNames },
): Problem[] {
  const problems: Problem[] = [];
  const { parent } = facts;
  if (!parent || !inReach(parent.path, facts.roots)) problems.push({ field: "parentId", code: "parent-outside" });
  else if (parent.closed) problems.push({ field: "parentId", code: "parent-closed" });
  else if (!mayNestUnder(form.kind, parent.kind))
    problems.push({ field: "kind", code: "kind-under-parent", params: { kind: form.kind, parentKind: parent.kind } });
  if (form.isMobile && form.kind !== "BRANCH") problems.push({ field: "isMobile", code: "mobile-not-branch" });
  if (form.code !== "" && facts.codeTaken) problems.push({ field: "code", code: "code-taken", params: { code: form.code } });
  if (facts.siblingNames.some((name) => sameName(name, form.name)))
    problems.push({ field: "name", code: "name-taken", params: { name: form.name } });
  return problems;
}

/** Why an organization may not be renamed: closed, unchanged, or the name already an open sibling's. */
export function renameProblems(org: OrgFacts & { name: string }, name: string, siblingNames: SiblingNames): Problem[] {
  if (org.closed) return [{ field: "name", code: "org-closed" }];
  if (sameName(org.name, name)) return [{ field: "name", code: "name-unchanged" }];
  if (siblingNames.some((sibling) => sameName(sibling, name))) return [{ field: "name", code: "name-taken", params: { name } }];
  return [];
}

/**
 * Why an organization may not be marked a mobile branch (流动党员党支部, for
 * members away for work) or unmarked: closed, not a branch (a township or
 * general branch is never one: its branches are), or already so.
 */
export function mobileProblems(org: OrgFacts & { isMobile: boolean }, isMobile: boolean): Problem[] {
  if (org.closed) return [{ field: "isMobile", code: "org-closed" }];
  if (isMobile === org.isMobile) return [{ field: "isMobile", code: "mobile-unchanged" }];
  if (isMobile && org.kind !== "BRANCH") return [{ field: "isMobile", code: "mobile-not-branch" }];
  return [];
}

/**
 * Why an organization may not be moved at all by an admin of `roots`: it is
 * closed, the top of his subtree (his own organization: an admin above it
 * moves it) or a root of the tree. Its page then says so instead of offering
 * the form.
 */
export function moveSourceProblems(org: OrgFacts, roots: readonly string[]): Problem[] {
  if (org.closed) return [{ field: "parentId", code: "org-closed" }];
  if (org.parentId === null) return [{ field: "parentId", code: "move-root" }];
  if (roots.includes(org.path)) return [{ field: "parentId", code: "move-own-root" }];
  return [];
}

/**
 * Why an organization may not be moved under `target` by an admin of `roots`:
 * moveSourceProblems', or the target outside his subtree (so never above his
 * own), the organization itself or inside it (a loop), already its parent,
 * closed, or of a kind it may not sit under. The subtree moves with it, so the
 * kinds below need no check: they still sit under what they sat under.
 */
export function moveProblems(org: OrgFacts, target: OrgFacts | null, roots: readonly string[]): Problem[] {
  const source = moveSourceProblems(org, roots);
  if (source.length > 0) return source;
  const refuse = (code: string, params?: Problem["params"]): Problem[] => [{ field: "parentId", code, ...(params ? { params } : {}) }];
  if (!target || !inReach(target.path, roots)) return refuse("target-outside");
  if (target.path.startsWith(org.path)) return refuse("move-into-itself");
  if (target.id === org.parentId) return refuse("move-same-parent");
  if (target.closed) return refuse("parent-closed");
  if (!mayNestUnder(org.kind, target.kind)) return refuse("kind-under-parent", { kind: org.kind, parentKind: target.kind });
  return [];
}

/** What is still in an organization, counted, for the close rule. */
export type CloseFacts = {
  /** People whose home organization it is and who are not deactivated. */
  people: number;
  /** Organizations directly under it that are not closed. */
  openChildren: number;
  stations: number;
  /** People of elsewhere it trains now (委托培养 not ended). */
  trainees: number;
};

/**
 * Why an organization may not be closed (撤销), each with how many: people
 * still at home there (move or deactivate them first), open organizations
 * under it (close or move them first), stations (move them to another
 * organization), people it still trains for others (end the training). Never
 * the top of the admin's subtree, nor a root. A closed organization keeps
 * every record; it is only no longer offered.
 */
export function closeProblems(org: OrgFacts, facts: CloseFacts, roots: readonly string[]): Problem[] {
  if (org.closed) return [{ field: "", code: "org-closed" }];
  if (isAdminTop(org, roots)) return [{ field: "", code: org.parentId === null ? "close-root" : "close-own-root" }];
  const problems: Problem[] = [];
  if (facts.people > 0) problems.push({ field: "", code: "close-has-people", params: { count: facts.people } });
  if (facts.openChildren > 0) problems.push({ field: "", code: "close-has-children", params: { count: facts.openChildren } });
  if (facts.stations > 0) problems.push({ field: "", code: "close-has-stations", params: { count: facts.stations } });
  if (facts.trainees > 0) problems.push({ field: "", code: "close-has-trainees", params: { count: facts.trainees } });
  return problems;
}

/**
 * Why a person may not be entrusted for training (委托培养) to `trainingOrg`
 * from his home organization `home`, from `startedOn`: he is not a person of
 * it (or is deactivated), he is already trained elsewhere (one at a time), the
 * training organization is his own, closed, or of another county, or the day
 * is after today. The rest of the platform takes an entrusted training that
 * has not ended as in force now, so a start to come would give the training
 * organization his records too early.
 */
export function entrustProblems(params: {
  home: OrgFacts;
  person: { homeOrgId: string | null; active: boolean } | null;
  trainingOrg: (OrgFacts & { name: string }) | null;
  /** The organization that trains him now, when one does. */
  openTrainingOrgName: string | null;
  startedOn: Date;
  today: Date;
}): Problem[] {
  const { home, person, trainingOrg } = params;
  const problems: Problem[] = [];
  if (home.closed) return [{ field: "", code: "org-closed" }];
  if (!person || person.homeOrgId !== home.id || !person.active) problems.push({ field: "userId", code: "person-not-here" });
  else if (params.openTrainingOrgName !== null)
    problems.push({ field: "userId", code: "training-open", params: { org: params.openTrainingOrgName } });
  if (!trainingOrg || rootIdOf(trainingOrg.path) !== rootIdOf(home.path))
    problems.push({ field: "trainingOrgId", code: "training-org-outside" });
  else if (trainingOrg.id === home.id) problems.push({ field: "trainingOrgId", code: "training-org-home" });
  else if (trainingOrg.closed) problems.push({ field: "trainingOrgId", code: "training-org-closed", params: { org: trainingOrg.name } });
  if (params.startedOn > params.today) problems.push({ field: "startedOn", code: "date-future" });
  return problems;
}

/**
 * Why an entrusted training may not end on `endedOn`: it has ended already,
 * or the day is before its start or after today (an end to come would take
 * his records from the training organization at once).
 */
export function endTrainingProblems(training: { startedOn: Date; endedOn: Date | null }, endedOn: Date, today: Date): Problem[] {
  if (training.endedOn !== null) return [{ field: "endedOn", code: "training-ended" }];
  if (endedOn < training.startedOn)
    return [{ field: "endedOn", code: "end-before-start", params: { start: training.startedOn.toISOString().slice(0, 10) } }];
  if (endedOn > today) return [{ field: "endedOn", code: "date-future" }];
  return [];
}

/** Every refusal's code, for the locale modules: each must have its words. */
export type OrganizationProblemCode =
  | OrgCodeProblem
  | "code-taken"
  | "name-empty"
  | "name-long"
  | "name-taken"
  | "name-unchanged"
  | "kind"
  | "kind-under-parent"
  | "mobile-not-branch"
  | "mobile-unchanged"
  | "parent-outside"
  | "parent-closed"
  | "org-closed"
  | "move-choose"
  | "move-root"
  | "move-own-root"
  | "target-outside"
  | "move-into-itself"
  | "move-same-parent"
  | "org-changed"
  | "close-confirm"
  | "close-root"
  | "close-own-root"
  | "close-has-people"
  | "close-has-children"
  | "close-has-stations"
  | "close-has-trainees"
  | "person-choose"
  | "person-not-here"
  | "training-open"
  | "training-org-choose"
  | "training-org-outside"
  | "training-org-home"
  | "training-org-closed"
  | "training-ended"
  | "end-before-start"
  | "date-empty"
  | "date-format"
  | "date-future";
