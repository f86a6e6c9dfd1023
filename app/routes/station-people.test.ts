// A station's people on a real database: a villager registered outside a roll
// call is found by the next one; one phone is one person; a walk-in who later
// has an account is proposed by his phone, linked by the operator who confirms
// it (audited), and the showings he attended go to his account's hours.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, jsonRequest, replyErrors, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let cookie: string;
let ids: Map<string, string>;
let stationId: string;
let lessonId: string;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  cookie = await sessionCookieFor("zhandian");
  ids = await userIdsByUsername();
  stationId = (await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } })).id;
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: "rudang-shenqing" }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

type Villager = {
  id: string;
  name: string;
  phone: string | null;
  attended: number;
  account: { name: string } | null;
  candidates: { id: string; name: string }[];
};
type Page = { members: { id: string; name: string; attended: number }[]; villagers: Villager[] };

async function page(): Promise<Page> {
  const route = await import("./org+/stations.$code.people.tsx");
  const answer = await callRoute(route.loader, routeRequest("/org/stations/hexi-station/people", { cookie }), { code: "hexi-station" });
  expect(answer.status).toBe(200);
  return answer.body as Page;
}

async function post(fields: Record<string, string>) {
  const route = await import("./org+/stations.$code.people.tsx");
  return callRoute(route.action, routeRequest("/org/stations/hexi-station/people", { cookie, fields }), { code: "hexi-station" });
}

async function session(bodies: SessionEventBody[]) {
  const route = await import("./api.station-events.ts");
  const sessionId = randomUUID();
  const events = bodies.map((body, index) => ({ eventId: randomUUID(), deviceId: "tv-people", sequence: index + 1, sessionId, body }));
  expect((await route.action({ request: jsonRequest("/api/station-events", { events }, cookie) })).status).toBe(200);
  return sessionId;
}

describe("registering a villager outside a roll call", () => {
  it("keeps him with his phone as typed on a phone's keypad, audited, and the station's screen finds him", async () => {
    const saved = await post({ intent: "register", name: " 孙桂兰 ", phone: "１３７ ００００ １１１１" });
    expect(saved.location).toBe("/org/stations/hexi-station/people?done=registered");
    const villager = (await page()).villagers.find((person) => person.name === "孙桂兰");
    expect(villager).toMatchObject({ phone: "13700001111", attended: 0, account: null, candidates: [] });
    const audit = await prisma.auditLog.findFirst({ where: { action: "station.villager.register", entityId: villager!.id } });
    expect(audit?.actorId).toBe(ids.get("zhandian"));
    const { stationPeople } = await import("~/models/station-screen.server.ts");
    const hexi = await prisma.organization.findFirstOrThrow({ where: { name: "河西村党支部" }, select: { path: true } });
    expect((await stationPeople({ id: stationId, orgPath: hexi.path })).map((person) => person.id)).toContain(villager!.id);
  });

  it.each([
    {
      name: "a phone another villager gave",
      fields: { name: "孙桂芝", phone: "13700001111" },
      errors: { phone: ['station.people.problems.phone-registered|{"name":"孙桂兰"}'] },
    },
    {
      name: "the phone of a member the station serves",
      fields: { name: "申请人", phone: "13800000004" },
      // 周丽, an applicant of 河西村党支部 in the sample data.
      errors: { phone: ['station.people.problems.phone-of-member|{"name":"周丽"}'] },
    },
    { name: "no name", fields: { name: " ", phone: "" }, errors: { name: ["station.tv.walkInProblems.name"] } },
    { name: "not a mobile number", fields: { name: "李四", phone: "0571-888" }, errors: { phone: ["station.tv.walkInProblems.phone"] } },
  ])("refuses $name and registers nobody", async ({ fields, errors }) => {
    const before = await prisma.stationVisitor.count();
    const refused = await post({ intent: "register", ...fields });
    expect(refused.status).toBe(400);
    expect(replyErrors(refused)).toEqual(errors);
    expect(await prisma.stationVisitor.count()).toBe(before);
  });
});

describe("a walk-in who later has an account", () => {
  const walkInId = randomUUID();
  const phone = "13700002222";
  let sessionId: string;
  let accountId: string;

  beforeAll(async () => {
    sessionId = await session([
      { type: "opened", stationId, lessonId },
      { type: "walked-in", personId: walkInId, name: "周大山", phone, atMs: 0 },
      { type: "arrived", personId: ids.get("shenqing")!, atMs: 0 },
      { type: "played", fromMs: 1_000, toMs: 19_000, mediaFrom: 0, mediaTo: 18 },
      { type: "closed", atMs: 20_000 },
    ]);
    // He applies and is added with his own account (in 杨庄村, not the station's organization).
    const yangzhuang = await prisma.organization.findFirstOrThrow({ where: { name: "杨庄村党支部" }, select: { id: true } });
    accountId = (
      await prisma.user.create({
        data: { name: "周大山", phone, username: "zhoudashan", homeOrgId: yangzhuang.id, stage: "APPLICANT" },
        select: { id: true },
      })
    ).id;
  });

  it("is counted at the showing he attended and proposed by his phone", async () => {
    const villager = (await page()).villagers.find((person) => person.id === walkInId)!;
    expect(villager).toMatchObject({ name: "周大山", attended: 1, account: null });
    expect(villager.candidates).toEqual([expect.objectContaining({ id: accountId, name: "周大山" })]);
    expect((await page()).members.find((member) => member.id === ids.get("shenqing"))?.attended).toBeGreaterThanOrEqual(1);
  });

  it("refuses an account nothing says is his", async () => {
    // 刘小明 of 城关镇: another phone, another township.
    const refused = await post({ intent: "link", villagerId: walkInId, accountId: ids.get("xueyuan")! });
    expect(refused.status).toBe(400);
    expect(replyErrors(refused)).toEqual({ "": ["station.people.problems.not-him"] });
    expect((await prisma.stationVisitor.findUniqueOrThrow({ where: { id: walkInId } })).userId).toBeNull();
  });

  it("is linked when the operator confirms, audited; his showing goes to the account's hours; a second confirmation is refused", async () => {
    const linked = await post({ intent: "link", villagerId: walkInId, accountId });
    expect(linked.location).toBe("/org/stations/hexi-station/people?done=linked");
    expect((await prisma.stationVisitor.findUniqueOrThrow({ where: { id: walkInId } })).userId).toBe(accountId);
    const audit = await prisma.auditLog.findFirst({ where: { action: "station.villager.link", entityId: walkInId } });
    expect(audit?.actorId).toBe(ids.get("zhandian"));
    expect(JSON.parse(audit!.detailsJson)).toMatchObject({ accountId });
    const { getQueue } = await import("~/utils/queues.server.ts");
    expect(await getQueue("hours").getJob(`hours-station-${sessionId}-${accountId}-linked-${walkInId}`)).toBeTruthy();
    const { closedSessionAccountOf } = await import("~/models/station-session.server.ts");
    expect(await closedSessionAccountOf(sessionId, walkInId)).toBe(accountId);
    expect((await page()).villagers.find((person) => person.id === walkInId)).toMatchObject({
      account: { name: "周大山" },
      candidates: [],
    });

    const again = await post({ intent: "link", villagerId: walkInId, accountId });
    expect(again.status).toBe(400);
    expect(replyErrors(again)).toEqual({ "": ["station.people.problems.already-linked"] });
  });

  it("asks for an account when none is picked", async () => {
    const refused = await post({ intent: "link", villagerId: walkInId, accountId: "" });
    expect(refused.status).toBe(400);
    expect(replyErrors(refused)).toEqual({ accountId: ["station.people.problems.pickAccount"] });
  });
});
