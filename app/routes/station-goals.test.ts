// The stations' monthly goals on a real database: a goal an organization sets
// is the one in force on its stations' report cards, a bad value is refused on
// its field and saves nothing, an empty field inherits again, every save audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { callRoute, replyErrors, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let cookie: string;
let hexiId: string;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  cookie = await sessionCookieFor("xianwei");
  hexiId = (await prisma.organization.findFirstOrThrow({ where: { name: "河西村党支部" }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

async function save(fields: Record<string, string>) {
  const page = await import("./org+/policy_.station-goals.tsx");
  return callRoute(page.action, routeRequest("/org/policy/station-goals", { cookie, fields: { orgId: hexiId, ...fields } }));
}

async function cardGoals() {
  const page = await import("./org+/stations.$code._index.tsx");
  const answer = await callRoute(page.loader, routeRequest("/org/stations/hexi-station", { cookie }), { code: "hexi-station" });
  return (answer.body as { card: { goals: { sessionsPerMonth: number; showingHoursPerMonth: number } } }).card.goals;
}

describe("the stations' monthly goals", () => {
  it("a goal set for the village is the one on its station's card; empty inherits again; each save audited", async () => {
    expect(await cardGoals()).toEqual({ sessionsPerMonth: 2, showingHoursPerMonth: 20 });
    const saved = await save({ sessionsPerMonth: "3", showingHoursPerMonth: "" });
    expect(saved.location).toBe(`/org/policy/station-goals?org=${hexiId}&saved=1`);
    expect(await cardGoals()).toEqual({ sessionsPerMonth: 3, showingHoursPerMonth: 20 });

    const page = await import("./org+/policy_.station-goals.tsx");
    const view = await callRoute(page.loader, routeRequest(`/org/policy/station-goals?org=${hexiId}`, { cookie }));
    expect(view.body).toMatchObject({
      own: { sessionsPerMonth: 3 },
      source: { sessionsPerMonth: "河西村党支部", showingHoursPerMonth: null },
    });

    await save({ sessionsPerMonth: "", showingHoursPerMonth: "" });
    expect(await cardGoals()).toEqual({ sessionsPerMonth: 2, showingHoursPerMonth: 20 });
    expect(await prisma.auditLog.count({ where: { action: "station.goals.changed", entityId: hexiId } })).toBe(2);
  });

  it.each<{ fields: Record<string, string>; field: string }>([
    { fields: { sessionsPerMonth: "2.5" }, field: "sessionsPerMonth" },
    { fields: { sessionsPerMonth: "-1" }, field: "sessionsPerMonth" },
    { fields: { showingHoursPerMonth: "十" }, field: "showingHoursPerMonth" },
    { fields: { showingHoursPerMonth: "800" }, field: "showingHoursPerMonth" },
  ])("refuses $fields on its field and saves nothing", async ({ fields, field }) => {
    const before = await prisma.organization.findUniqueOrThrow({ where: { id: hexiId }, select: { policyJson: true } });
    const refused = await save(fields);
    expect(refused.status).toBe(400);
    expect(replyErrors(refused)).toEqual({ [field]: [`station.goals.problems.${field}`] });
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: hexiId }, select: { policyJson: true } })).toEqual(before);
  });
});
