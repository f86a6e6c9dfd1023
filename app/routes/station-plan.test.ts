// 播放计划 on a real database: the operator adds a 逢六 line and the month shows
// the 6th, 16th and 26th; a rule that does not read is a 400 naming the days
// field with the typed text kept; removing a line; who may open the plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { callRoute, replyMessages, replyValue, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let lessonId: string;
const PATH = "/org/stations/hexi-station/plan";
const params = { code: "hexi-station" };
type Plan = { schedule: { date: string; time: string; lessonTitle: string }[]; lines: { id: string }[] };

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: "fazhan-duixiang" }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

const route = () => import("./org+/stations.$code.plan.tsx");
const as = async (username: string, path = PATH, fields?: Record<string, string>) =>
  routeRequest(path, { cookie: await sessionCookieFor(username), fields });

describe("the playback schedule", () => {
  it("a 逢六 line shows on the 6th, 16th and 26th of the month, and can be removed", async () => {
    const { loader, action } = await route();
    const fields = {
      intent: "add",
      lessonId,
      kind: "digit",
      days: "6",
      time: "19:30",
      mode: "CENTRALIZED",
      venue: "FIXED",
      place: "村委会二楼",
    };
    const added = await callRoute(action, await as("zhandian", `${PATH}?month=2026-12`, fields), params);
    expect(added.status).toBe(302);
    expect(added.location).toBe(`${PATH}?month=2026-12&done=added`);
    const plan = (await callRoute(loader, await as("zhandian", `${PATH}?month=2026-12`), params)).body as Plan;
    expect(plan.schedule.map((showing) => `${showing.date} ${showing.time}`)).toEqual([
      "2026-12-06 19:30",
      "2026-12-16 19:30",
      "2026-12-26 19:30",
    ]);
    expect(plan.schedule[0]?.lessonTitle).toBe("第二课 发展对象的确定和考察");

    const removed = await callRoute(action, await as("zhandian", PATH, { intent: "remove", entryId: plan.lines[0]!.id }), params);
    expect(removed.status).toBe(302);
    expect(((await callRoute(loader, await as("zhandian", `${PATH}?month=2026-12`), params)).body as Plan).schedule).toEqual([]);
    // Removing it again: it is gone, said on the field, nothing else changes.
    const again = await callRoute(action, await as("zhandian", PATH, { intent: "remove", entryId: plan.lines[0]!.id }), params);
    expect(again.status).toBe(400);
    expect(replyMessages(again)).toEqual({ entryId: [{ key: "station.planProblems.gone", params: {} }] });
  });

  it.each([
    { name: "逢十六", fields: { kind: "digit", days: "16" }, field: "days", key: "station.scheduleProblems.digit-out-of-range" },
    {
      name: "days in words",
      fields: { kind: "monthDays", days: "初一、十五" },
      field: "days",
      key: "station.planProblems.days-unreadable",
    },
    { name: "a lesson that does not exist", fields: { lessonId: "no-such-lesson" }, field: "lessonId", key: "station.planProblems.lesson" },
  ])("refused ($name): 400 on the field, the typed text kept, nothing saved", async ({ fields, field, key }) => {
    const { action } = await route();
    const before = await prisma.stationPlanEntry.count();
    const form = { intent: "add", lessonId, kind: "digit", days: "6", time: "19:30", mode: "CENTRALIZED", venue: "FIXED", ...fields };
    const answer = await callRoute(action, await as("zhandian", PATH, form), params);
    expect(answer.status).toBe(400);
    expect(replyMessages(answer)?.[field]?.[0]?.key).toBe(key);
    expect(replyValue(answer)?.days).toBe(form.days);
    expect(await prisma.stationPlanEntry.count()).toBe(before);
  });

  it.each([
    { who: "zhandian", outcome: 200 },
    { who: "xianwei", outcome: 200 },
    { who: "chengguan", outcome: 403 },
    { who: "peiyang", outcome: 403 },
    { who: "xueyuan", outcome: 403 },
  ])("$who opens it: $outcome", async ({ who, outcome }) => {
    const { loader } = await route();
    expect((await callRoute(loader, await as(who), params)).status).toBe(outcome);
  });

  it("an unknown station is a 404; a month that is not a month a 400", async () => {
    const { loader } = await route();
    expect((await callRoute(loader, await as("xianwei", "/org/stations/nowhere/plan"), { code: "nowhere" })).status).toBe(404);
    expect((await callRoute(loader, await as("xianwei", `${PATH}?month=2026-13`), params)).status).toBe(400);
  });
});
