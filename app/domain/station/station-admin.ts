// 站点管理: an organization admin adds a station of his subtree or edits one —
// its number (站点编号, in every address of the station's pages), name,
// village, address, organization, the people answerable for it (专人负责),
// its equipment and how well it is connected. One schema for the browser and
// the server; the rules that need the database's facts (the number taken, the
// sessions held, who belongs to the organization) take them as plain data.
// Decision record 023 explains the number rule and the operator-role rule.
import { z } from "zod";
import { can, isWithin, type HeldRole } from "../access.ts";
import type { Problem } from "~/utils/problems.ts";

export const CONNECTIVITY = ["ONLINE", "POOR", "OFFLINE"] as const;
export type Connectivity = (typeof CONNECTIVITY)[number];

export const STATION_CODE_MIN = 3;
export const STATION_CODE_MAX = 40;
/** Words the stations' addresses use themselves: /org/stations/new is the add page, not a station. */
const RESERVED_CODES = new Set(["new", "edit"]);

export type CodeProblem = "code-empty" | "code-characters" | "code-length" | "code-reserved";

/**
 * What is wrong with a station number, or null: lowercase letters a–z, digits
 * and hyphens, 3 to 40 of them, a letter or digit at each end and no two
 * hyphens together (so that it reads in an address: hexi-station, 3201-05).
 */
export function codeProblem(code: string): CodeProblem | null {
  if (code === "") return "code-empty";
  if (!/^[a-z0-9-]+$/.test(code) || !/^[a-z0-9](?:-?[a-z0-9])*$/.test(code)) return "code-characters";
  if (code.length < STATION_CODE_MIN || code.length > STATION_CODE_MAX) return "code-length";
  if (RESERVED_CODES.has(code)) return "code-reserved";
  return null;
}

/** Every refusal of the station form, by its code: the words live in app/locales/station.*.ts under station.manage.problems. */
export type StationProblemCode =
  | CodeProblem
  | "code-taken"
  | "code-fixed"
  | "name-empty"
  | "name-long"
  | "village-long"
  | "address-long"
  | "org-outside"
  | "org-running"
  | "operators-many"
  | "operator-outside"
  | "operator-unknown"
  | "equipment-long"
  | "connectivity";

const M = "station.manage.problems";

const text = (max: number, key: string) => z.string().trim().max(max, `${M}.${key}`).optional().default("");

/** The add and edit form, in the browser and on the server. */
export const StationFormSchema = z.object({
  code: z
    .string({ required_error: `${M}.code-empty` })
    .trim()
    // Typed in capitals (HX-01) it is the same number: addresses are lowercase.
    .toLowerCase()
    .superRefine((code, context) => {
      const problem = codeProblem(code);
      if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: `${M}.${problem}` });
    }),
  name: z
    .string({ required_error: `${M}.name-empty` })
    .trim()
    .min(1, `${M}.name-empty`)
    .max(50, `${M}.name-long`),
  village: text(50, "village-long"),
  address: text(100, "address-long"),
  orgId: z.string({ required_error: `${M}.org-outside` }).min(1, `${M}.org-outside`),
  operatorIds: z.array(z.string().min(1)).max(20, `${M}.operators-many`),
  equipment: text(200, "equipment-long"),
  connectivity: z.enum(CONNECTIVITY, { errorMap: () => ({ message: `${M}.connectivity` }) }),
});

export type StationForm = z.output<typeof StationFormSchema>;

/** What the database knows about a change, for the rules below. */
export type StationFacts = {
  /** The station as it is, or null for a new one. */
  current: { code: string; orgId: string; hasSessions: boolean; running: boolean } | null;
  /** Another station already has the number asked for. */
  codeTaken: boolean;
  /** The organization asked for lies in the admin's subtree. */
  orgInReach: boolean;
  /** The people of that organization and below (by their home organization), who may be picked. */
  eligible: ReadonlySet<string>;
  /** Names of the people picked, for the message about one who may not be. */
  names: ReadonlyMap<string, string>;
};

/**
 * Why the form may not be saved as it is, each problem on its field: the
 * number taken or (once the station has held a session) changed, an
 * organization outside the admin's reach or changed while a session runs, an
 * operator who is not a person of the organization's subtree. No operator at
 * all is allowed: a station may be set up before anyone is named, and the
 * stations overview then says nobody is.
 */
export function stationProblems(form: Pick<StationForm, "code" | "orgId" | "operatorIds">, facts: StationFacts): Problem[] {
  const problems: Problem[] = [];
  const { current } = facts;
  if (current && form.code !== current.code && current.hasSessions)
    problems.push({ field: "code", code: "code-fixed", params: { code: current.code } });
  else if (facts.codeTaken && form.code !== current?.code)
    problems.push({ field: "code", code: "code-taken", params: { code: form.code } });
  if (!facts.orgInReach) problems.push({ field: "orgId", code: "org-outside" });
  else if (current && form.orgId !== current.orgId && current.running) problems.push({ field: "orgId", code: "org-running" });
  if (facts.orgInReach) {
    for (const id of new Set(form.operatorIds)) {
      if (facts.eligible.has(id)) continue;
      const name = facts.names.get(id);
      problems.push(
        name ? { field: "operatorIds", code: "operator-outside", params: { name } } : { field: "operatorIds", code: "operator-unknown" },
      );
    }
  }
  return problems;
}

/** One person who is or was an operator of the station being saved. */
export type OperatorFacts = {
  userId: string;
  /** Every role he holds, where. */
  roles: readonly HeldRole[];
  /** The STATION_OPERATOR roles the station pages gave him (the audit says so), by assignment. */
  given: readonly { assignmentId: string; orgPath: string }[];
  /** The organizations of the other stations he stays answerable for. */
  otherStationOrgPaths: readonly string[];
};

export type OperatorRolePlan = {
  /** People to be given STATION_OPERATOR at the station's organization. */
  grant: string[];
  /** Roles the station pages gave that no station of his needs any more. */
  withdraw: { userId: string; assignmentId: string }[];
};

/**
 * The roles that go with naming the station's operators: a person named who
 * cannot already operate the station (no role of his reaches its
 * organization with station:operate) is given STATION_OPERATOR there; a role
 * the station pages gave is withdrawn once none of the stations he is still
 * named for lies within its organization. A role given any other way is
 * never touched.
 */
export function operatorRolePlan(params: {
  stationOrgPath: string;
  operatorsAfter: readonly string[];
  people: readonly OperatorFacts[];
}): OperatorRolePlan {
  const after = new Set(params.operatorsAfter);
  const plan: OperatorRolePlan = { grant: [], withdraw: [] };
  for (const person of params.people) {
    const stationPaths = [...person.otherStationOrgPaths, ...(after.has(person.userId) ? [params.stationOrgPath] : [])];
    if (after.has(person.userId) && !can(person.roles, "station:operate", [params.stationOrgPath])) plan.grant.push(person.userId);
    for (const given of person.given)
      if (!stationPaths.some((path) => isWithin(path, given.orgPath)))
        plan.withdraw.push({ userId: person.userId, assignmentId: given.assignmentId });
  }
  return plan;
}
