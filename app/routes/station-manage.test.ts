// 站点管理 on a real database: an admin adds a station with an operator, who is
// given the station operator role at its organization and can then open it;
// edits it (a new number before any session, the operator removed and his given
// role withdrawn, a role held some other way kept); and the refusals, each on
// its field with nothing written: a number taken, bad characters, no name, an
// operator from elsewhere, a number changed after a session, a move while a
// session runs, an organization outside the admin's subtree (403).
import i18next from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources } from "~/utils/i18n.ts";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, replyMessages, replyValue, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const orgIds = new Map<string, string>();
const userIds = new Map<string, string>();

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const org of await prisma.organization.findMany({ select: { id: true, code: true } })) orgIds.set(org.code, org.id);
  for (const [username, id] of await userIdsByUsername()) userIds.set(username, id);
});

afterAll(async () => app?.cleanup());

const newPage = () => import("./org+/stations_.new.tsx");
const editPage = () => import("./org+/stations_.$code.edit.tsx");

/** A form as the browser sends it: the operators as one field each. */
function formFields(fields: Record<string, string>, operators: string[] = []): [string, string][] {
  return [...Object.entries(fields), ...operators.map((username): [string, string] => ["operatorIds", userIds.get(username)!])];
}

async function create(username: string, fields: Record<string, string>, operators: string[] = []) {
  const { action } = await newPage();
  const cookie = await sessionCookieFor(username);
  return callRoute(action, routeRequest("/org/stations/new", { cookie, fields: formFields(fields, operators) }));
}

async function edit(username: string, code: string, fields: Record<string, string>, operators: string[] = []) {
  const { action } = await editPage();
  const cookie = await sessionCookieFor(username);
  return callRoute(action, routeRequest(`/org/stations/${code}/edit`, { cookie, fields: formFields(fields, operators) }), { code });
}

const yangzhuang = () => ({
  code: "yangzhuang-station",
  name: "杨庄村远程教育站点",
  village: "杨庄村",
  address: "杨庄村村委会",
  orgId: orgIds.get("yangzhuang")!,
  equipment: "电视机",
  connectivity: "POOR",
});

const rolesOf = async (username: string) =>
  (
    await prisma.roleAssignment.findMany({
      where: { userId: userIds.get(username)! },
      select: { role: true, org: { select: { code: true } } },
    })
  )
    .map((held) => `${held.role}@${held.org.code}`)
    .sort();

const auditCount = () => prisma.auditLog.count();

async function canOpenPlan(username: string, code: string) {
  const plan = await import("./org+/stations.$code.plan.tsx");
  const answer = await callRoute(plan.loader, routeRequest(`/org/stations/${code}/plan`, { cookie: await sessionCookieFor(username) }), {
    code,
  });
  return answer.status;
}

describe("adding and editing a station", () => {
  it("a station added with an operator: he gets the role at its organization (audited) and can open it; then edited", async () => {
    expect(await rolesOf("liudong")).toEqual(["LEARNER@yangzhuang"]);
    expect(await canOpenPlan("liudong", "yangzhuang-station")).toBe(404);

    const created = await create("hexi", yangzhuang(), ["liudong"]);
    expect(created.location).toBe("/org/stations/yangzhuang-station/edit?done=created");
    const station = await prisma.station.findUniqueOrThrow({
      where: { code: "yangzhuang-station" },
      select: {
        id: true,
        name: true,
        village: true,
        address: true,
        equipment: true,
        connectivity: true,
        org: { select: { code: true } },
        operators: { select: { userId: true } },
      },
    });
    expect(station).toMatchObject({
      name: "杨庄村远程教育站点",
      village: "杨庄村",
      address: "杨庄村村委会",
      equipment: "电视机",
      connectivity: "POOR",
      org: { code: "yangzhuang" },
      operators: [{ userId: userIds.get("liudong") }],
    });
    expect(await rolesOf("liudong")).toEqual(["LEARNER@yangzhuang", "STATION_OPERATOR@yangzhuang"]);
    expect(await canOpenPlan("liudong", "yangzhuang-station")).toBe(200);
    const granted = await prisma.auditLog.findMany({
      where: { action: "station.operator.role-granted" },
      select: { actorId: true, orgId: true, detailsJson: true },
    });
    expect(granted).toEqual([
      {
        actorId: userIds.get("hexi"),
        orgId: orgIds.get("yangzhuang"),
        detailsJson: expect.stringContaining(`"userId":"${userIds.get("liudong")}"`),
      },
    ]);
    const createdEntry = await prisma.auditLog.findFirstOrThrow({
      where: { action: "station.create", entityId: station.id },
      select: { actorId: true, detailsJson: true },
    });
    expect(createdEntry.actorId).toBe(userIds.get("hexi"));
    expect(JSON.parse(createdEntry.detailsJson)).toMatchObject({
      after: { code: "yangzhuang-station", orgId: orgIds.get("yangzhuang"), operatorIds: [userIds.get("liudong")] },
    });

    // The edit page shows the station as saved, its operator ticked, the people of 杨庄村 offered.
    const { loader } = await editPage();
    const view = (
      await callRoute(
        loader,
        routeRequest("/org/stations/yangzhuang-station/edit?done=created", { cookie: await sessionCookieFor("hexi") }),
        {
          code: "yangzhuang-station",
        },
      )
    ).body as { station: { operatorIds: string[]; hasSessions: boolean }; candidates: { id: string }[]; done: string };
    expect(view.station).toMatchObject({ operatorIds: [userIds.get("liudong")], hasSessions: false });
    expect(view.candidates.map((person) => person.id)).toEqual([userIds.get("liudong")]);
    expect(view.done).toBe("created");

    // No session yet: the number may change. The operator removed: the role given here goes, audited; his own stays.
    const before = await auditCount();
    const saved = await edit("hexi", "yangzhuang-station", { ...yangzhuang(), code: "yangzhuang-1", connectivity: "OFFLINE" }, []);
    expect(saved.location).toBe("/org/stations/yangzhuang-1/edit?done=saved");
    expect(await prisma.station.findUniqueOrThrow({ where: { id: station.id }, select: { code: true, connectivity: true } })).toEqual({
      code: "yangzhuang-1",
      connectivity: "OFFLINE",
    });
    expect(await prisma.stationOperator.count({ where: { stationId: station.id } })).toBe(0);
    expect(await rolesOf("liudong")).toEqual(["LEARNER@yangzhuang"]);
    expect(await auditCount()).toBe(before + 2);
    expect(await prisma.auditLog.count({ where: { action: "station.operator.role-withdrawn", actorId: userIds.get("hexi") } })).toBe(1);
    const changed = await prisma.auditLog.findFirstOrThrow({
      where: { action: "station.update", entityId: station.id },
      select: { detailsJson: true },
    });
    expect(JSON.parse(changed.detailsJson)).toMatchObject({
      before: { code: "yangzhuang-station", connectivity: "POOR", operatorIds: [userIds.get("liudong")] },
      after: { code: "yangzhuang-1", connectivity: "OFFLINE", operatorIds: [] },
    });
  });

  it("removing the sample operator keeps the role he holds on his own; naming him again gives nothing more", async () => {
    const hexiStation = {
      code: "hexi-station",
      name: "河西村远程教育站点",
      village: "河西村",
      address: "河西村村委会二楼",
      orgId: orgIds.get("hexi-cun")!,
      equipment: "电视机、卫星接收机",
      connectivity: "OFFLINE",
    };
    expect((await edit("xianwei", "hexi-station", hexiStation, [])).status).toBe(302);
    expect(await rolesOf("zhandian")).toEqual(["STATION_OPERATOR@hexi-cun"]);
    // Nobody named: the overview says so (the station may exist before its operator is named).
    const overview = await import("./org+/stations._index.tsx");
    const listed = (await callRoute(overview.loader, routeRequest("/org/stations", { cookie: await sessionCookieFor("hexi") }))).body as {
      stations: { code: string; operatorNames: string[] }[];
    };
    expect(listed.stations.find((row) => row.code === "hexi-station")?.operatorNames).toEqual([]);

    expect((await edit("xianwei", "hexi-station", hexiStation, ["zhandian", "hedashan"])).status).toBe(302);
    expect(await rolesOf("zhandian")).toEqual(["STATION_OPERATOR@hexi-cun"]);
    expect(await rolesOf("hedashan")).toEqual(["LEARNER@hexi-cun", "STATION_OPERATOR@hexi-cun"]);
  });

  it("the overview offers adding to organization admins, and editing where they manage the station only", async () => {
    const overview = await import("./org+/stations._index.tsx");
    const hexiStation = await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } });
    const seen = async (username: string) =>
      (await callRoute(overview.loader, routeRequest("/org/stations", { cookie: await sessionCookieFor(username) }))).body as {
        canAdd: boolean;
        editable: string[];
      };
    expect(await seen("hexi")).toMatchObject({ canAdd: true, editable: expect.arrayContaining([hexiStation.id]) });
    expect(await seen("zhandian")).toEqual(expect.objectContaining({ canAdd: false, editable: [] }));
    expect((await seen("chengguan")).editable).not.toContain(hexiStation.id);
  });
});

describe("refusals: each on its field, nothing written", () => {
  it.each<{ title: string; fields: Record<string, string>; operators?: string[]; field: string; key: string; params?: object }>([
    {
      title: "a number another station has",
      fields: { code: "hexi-station" },
      field: "code",
      key: "station.manage.problems.code-taken",
      params: { code: "hexi-station" },
    },
    { title: "a number in Chinese", fields: { code: "杨庄站" }, field: "code", key: "station.manage.problems.code-characters" },
    { title: "a number with a space", fields: { code: "yang zhuang" }, field: "code", key: "station.manage.problems.code-characters" },
    { title: "the add page's own word", fields: { code: "new" }, field: "code", key: "station.manage.problems.code-reserved" },
    { title: "no name", fields: { name: "  " }, field: "name", key: "station.manage.problems.name-empty" },
    {
      title: "an operator of another village",
      fields: {},
      operators: ["shenqing"],
      field: "operatorIds",
      key: "station.manage.problems.operator-outside",
      params: { name: "周丽" },
    },
  ])("$title", async ({ fields, operators, field, key, params }) => {
    const before = { stations: await prisma.station.count(), roles: await prisma.roleAssignment.count(), audit: await auditCount() };
    const refused = await create("hexi", { ...yangzhuang(), code: "yangzhuang-2", ...fields }, operators);
    expect(refused.status).toBe(400);
    expect(replyMessages(refused)).toEqual({ [field]: [{ key, params: params ?? {} }] });
    // What he typed comes back to the form.
    expect(replyValue(refused)).toMatchObject({ name: fields.name ?? "杨庄村远程教育站点" });
    expect({ stations: await prisma.station.count(), roles: await prisma.roleAssignment.count(), audit: await auditCount() }).toEqual(
      before,
    );
  });

  it("an organization outside the admin's subtree is forbidden, whether adding or moving", async () => {
    const outside = { ...yangzhuang(), code: "chengguan-station", orgId: orgIds.get("chengguan-1")! };
    expect((await create("hexi", outside)).status).toBe(403);
    expect((await edit("hexi", "hexi-station", { ...outside, code: "hexi-station" })).status).toBe(403);
    expect(await prisma.station.count({ where: { code: "chengguan-station" } })).toBe(0);
    expect(
      await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { org: { select: { code: true } } } }),
    ).toEqual({
      org: { code: "hexi-cun" },
    });
  });

  it("after a session the number stays; while one runs the station does not move", async () => {
    const station = await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } });
    const lesson = await prisma.lesson.findFirstOrThrow({ select: { id: true } });
    await prisma.stationSession.create({
      data: { stationId: station.id, lessonId: lesson.id, clientId: "manage-test-session", startedAt: new Date() },
    });
    await prisma.station.update({ where: { id: station.id }, data: { runningSessionClientId: "manage-test-session" } });
    const hexiStation = {
      code: "hexi-station",
      name: "河西村远程教育站点",
      village: "河西村",
      address: "河西村村委会二楼",
      orgId: orgIds.get("hexi-cun")!,
      equipment: "电视机、卫星接收机",
      connectivity: "OFFLINE",
    };
    const before = await auditCount();

    const renamed = await edit("hexi", "hexi-station", { ...hexiStation, code: "hexi-1" }, ["zhandian"]);
    expect(replyMessages(renamed)).toEqual({ code: [{ key: "station.manage.problems.code-fixed", params: { code: "hexi-station" } }] });
    const moved = await edit("hexi", "hexi-station", { ...hexiStation, orgId: orgIds.get("yangzhuang")! }, []);
    expect(replyMessages(moved)).toEqual({ orgId: [{ key: "station.manage.problems.org-running", params: {} }] });
    expect(await prisma.station.findUniqueOrThrow({ where: { id: station.id }, select: { code: true, orgId: true } })).toEqual({
      code: "hexi-station",
      orgId: orgIds.get("hexi-cun"),
    });
    expect(await auditCount()).toBe(before);

    // The edit page says so: the number read-only, the organization picker replaced by the reason.
    const { loader } = await editPage();
    const view = (
      await callRoute(loader, routeRequest("/org/stations/hexi-station/edit", { cookie: await sessionCookieFor("hexi") }), {
        code: "hexi-station",
      })
    ).body as { station: { hasSessions: boolean; running: boolean } };
    expect(view.station).toMatchObject({ hasSessions: true, running: true });

    // The rest may still change while it runs.
    const saved = await edit("hexi", "hexi-station", { ...hexiStation, equipment: "电视机、卫星接收机、投影仪" }, ["zhandian"]);
    expect(saved.location).toBe("/org/stations/hexi-station/edit?done=saved");
    expect(await prisma.station.findUniqueOrThrow({ where: { id: station.id }, select: { equipment: true } })).toEqual({
      equipment: "电视机、卫星接收机、投影仪",
    });
  });
});

describe("every refusal of the station form has its words in both languages", () => {
  it.each(["zh-CN", "en"] as const)("%s", async (lng) => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng, resources, defaultNS: "common", interpolation: { escapeValue: false } });
    const { stationZhCN } = await import("~/locales/station.zh-CN.ts");
    for (const code of Object.keys(stationZhCN.manage.problems)) {
      const key = `station.manage.problems.${code}`;
      const text = i18n.t(key, { code: "hexi-station", name: "周丽" });
      expect(text, key).not.toBe(key);
      expect(text.length, key).toBeGreaterThan(5);
    }
  });
});
