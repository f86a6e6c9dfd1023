// 站点离线包 on a real database: POST /api/stations/:code/kit gives 河西村's
// station its people, the lesson with the sizes of its files, one real paper
// per person with an account and nothing of the answers; the download is
// recorded per device (the first time kept); a lesson hidden from the station
// or one that does not exist is a 404 naming it; bad input a 400 naming the
// field. The download page's choices mark what the schedule plays in the
// coming two weeks.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StationKit } from "~/domain/station/kit.ts";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, jsonRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let stationId: string;
const lessonIds = new Map<string, string>();
const accounts = new Map<string, string>();
const VILLAGER = "kit-test-villager";
const LINKED = "kit-test-linked";

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  stationId = (await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } })).id;
  for (const lesson of await prisma.lesson.findMany({ select: { id: true, slug: true } })) lessonIds.set(lesson.slug, lesson.id);
  for (const [username, id] of await userIdsByUsername()) accounts.set(username, id);
  // A villager registered at the station without an account, and one whose record got 马小芳's account.
  await prisma.stationVisitor.create({ data: { id: VILLAGER, stationId, name: "王大爷" } });
  await prisma.stationVisitor.create({ data: { id: LINKED, stationId, name: "马小芳", userId: accounts.get("qunzhong")! } });
});

afterAll(async () => app?.cleanup());

const lesson = (slug: string) => lessonIds.get(slug)!;

async function post(username: string | null, body: unknown, code = "hexi-station") {
  const route = await import("./api.stations.$code.kit.ts");
  const cookie = username === null ? null : await sessionCookieFor(username);
  const answer = await callRoute(route.action, jsonRequest(`/api/stations/${code}/kit`, body, cookie), { code });
  const response = answer.response!;
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: (response.headers.get("Content-Type")?.includes("json") ? JSON.parse(text) : text) as unknown,
  };
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

const mediaSize = (file: string) => fs.statSync(path.resolve("content", file)).size;

describe("POST /api/stations/:code/kit", () => {
  it("the kit: the station's people, the lesson with its files' real sizes, one real paper per account, no answers", async () => {
    const answer = await post("zhandian", { deviceId: "tv-kit", lessonIds: [lesson("rudang-shenqing")] });
    expect(answer.status).toBe(200);
    const kit = answer.body as StationKit;
    expect(kit.version).toBe(1);
    expect(kit.station).toEqual({ id: stationId, code: "hexi-station", name: "河西村远程教育站点", orgName: "河西村党支部" });
    // 河西村党支部's four accounts, then the two villagers registered at the station.
    const people = new Map(kit.people.map((person) => [person.id, person]));
    const expectedPeople = [
      ...["zhandian", "shenqing", "hedashan", "qianxiuying"].map((username) => accounts.get(username)!),
      VILLAGER,
      LINKED,
    ];
    expect([...people.keys()].sort()).toEqual([...expectedPeople].sort());
    expect(people.get(VILLAGER)).toMatchObject({ name: "王大爷", initials: "wdy", hasAccount: false });
    expect(people.get(LINKED)).toMatchObject({ hasAccount: true });

    expect(kit.lessons).toHaveLength(1);
    const [kitLesson] = kit.lessons;
    expect(kitLesson).toMatchObject({
      id: lesson("rudang-shenqing"),
      courseTitle: "发展党员工作程序",
      hasQuiz: true,
      passPercent: 60,
      video: { src: "/media/courses/fazhan-dangyuan/media/01-rudang-shenqing.mp4", muxPlaybackId: null },
    });
    expect(kitLesson!.guideHtml).toMatch(/<(p|h1|h2|ul)>/);
    expect(kitLesson!.thinking.length).toBeGreaterThan(0);
    const files = [
      { file: "courses/fazhan-dangyuan/media/01-rudang-shenqing.mp4", kind: "video" },
      { file: "courses/fazhan-dangyuan/media/01-rudang-shenqing.zh-CN.vtt", kind: "subtitle" },
      { file: "courses/fazhan-dangyuan/media/01-rudang-shenqing.ug.vtt", kind: "subtitle" },
    ];
    expect(kitLesson!.files).toEqual(files.map(({ file, kind }) => ({ url: `/media/${file}`, bytes: mediaSize(file), kind })));
    expect(kitLesson!.files[0]!.bytes).toBeGreaterThan(100_000);

    // One paper per person with an account (the linked villager's is 马小芳's); none for 王大爷.
    const owners = new Map([
      ...["zhandian", "shenqing", "hedashan", "qianxiuying"].map((username) => [accounts.get(username)!, accounts.get(username)!] as const),
      [LINKED, accounts.get("qunzhong")!] as const,
    ]);
    expect(kitLesson!.papers.map((paper) => paper.personId).sort()).toEqual([...owners.keys()].sort());
    expect(new Set(kitLesson!.papers.map((paper) => paper.token)).size).toBe(owners.size);
    const { findDraw } = await import("~/models/quiz.server.ts");
    for (const paper of kitLesson!.papers) {
      const draw = await findDraw(paper.token, owners.get(paper.personId)!, lesson("rudang-shenqing"));
      expect(draw, `the paper of ${paper.personId} is a draw of his account`).not.toBeNull();
      expect(draw!.attemptId).toBeNull();
      expect(paper.questions.map((question) => ({ questionId: question.id, options: question.options }))).toEqual(draw!.items);
      expect(paper.questions.every((question) => question.prompt.length > 0 && question.type.length > 0)).toBe(true);
    }
    // Someone else's token is not his paper.
    const [first, second] = kitLesson!.papers;
    expect(await findDraw(first!.token, owners.get(second!.personId)!, lesson("rudang-shenqing"))).toBeNull();

    // Nothing of the answers: no key that holds one, and neither an answer key's text nor an explanation.
    expect(keysOf(kit).filter((key) => /answer|correct|explanation|seed/i.test(key))).toEqual([]);
    const questions = await prisma.question.findMany({
      where: { lessonId: lesson("rudang-shenqing") },
      select: { type: true, answerJson: true, explanation: true },
    });
    expect(questions.length).toBeGreaterThan(0);
    for (const question of questions) {
      expect(answer.text).not.toContain(question.explanation);
      // A choice question's key is option texts, which the paper shows as options: the key as stored is what must not appear.
      if (question.type === "MULTIPLE") expect(answer.text).not.toContain(question.answerJson);
    }

    const rows = await prisma.stationDownload.findMany({ where: { stationId, deviceId: "tv-kit" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lessonId: lesson("rudang-shenqing") });
    expect(rows[0]!.firstDownloadedAt.toISOString()).toBe(kit.downloadedAt);
    expect(rows[0]!.lastDownloadedAt.toISOString()).toBe(kit.downloadedAt);
  });

  it("a second download keeps the first time and the same papers; another device has its own row", async () => {
    const body = { deviceId: "tv-kit-again", lessonIds: [lesson("fazhan-duixiang")] };
    const first = (await post("zhandian", body)).body as StationKit;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await post("zhandian", body);
    expect(again.status).toBe(200);
    const second = again.body as StationKit;
    expect(second.downloadedAt > first.downloadedAt).toBe(true);
    const rows = await prisma.stationDownload.findMany({ where: { stationId, deviceId: "tv-kit-again" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.firstDownloadedAt.toISOString()).toBe(first.downloadedAt);
    expect(rows[0]!.lastDownloadedAt.toISOString()).toBe(second.downloadedAt);
    // A paper not yet answered is kept: the same token for each person.
    const tokens = (kit: StationKit) => Object.fromEntries(kit.lessons[0]!.papers.map((paper) => [paper.personId, paper.token]));
    expect(tokens(second)).toEqual(tokens(first));
    // fazhan-duixiang draws 5 questions a paper.
    expect(second.lessons[0]!.papers.every((paper) => paper.questions.length === 5)).toBe(true);

    await post("zhandian", { deviceId: "tv-kit-other", lessonIds: [lesson("fazhan-duixiang")] });
    const other = await prisma.stationDownload.findFirstOrThrow({ where: { stationId, deviceId: "tv-kit-other" } });
    expect(other.firstDownloadedAt.getTime()).toBeGreaterThan(rows[0]!.firstDownloadedAt.getTime());
  });

  it("two downloads of the same lessons at once by one device: one row per lesson, no error", async () => {
    const { recordStationDownloads } = await import("~/models/station-kit.server.ts");
    const ids = [lesson("rudang-shenqing"), lesson("yubei-dangyuan")];
    const earlier = new Date("2026-12-03T01:00:00Z");
    const later = new Date("2026-12-03T01:00:05Z");
    await Promise.all(
      [earlier, later, earlier, later].map((at) => recordStationDownloads({ stationId, deviceId: "tv-kit-race", lessonIds: ids, at })),
    );
    await recordStationDownloads({ stationId, deviceId: "tv-kit-race", lessonIds: ids, at: later });
    const rows = await prisma.stationDownload.findMany({ where: { stationId, deviceId: "tv-kit-race" }, orderBy: { lessonId: "asc" } });
    expect(rows.map((row) => row.lessonId)).toEqual([...ids].sort());
    for (const row of rows) {
      expect([earlier.getTime(), later.getTime()]).toContain(row.firstDownloadedAt.getTime());
      expect(row.lastDownloadedAt).toEqual(later);
    }
  });

  it("a film without a quiz: its files, no papers; several lessons in the order asked, each once", async () => {
    const film = lesson("fangying-yiwu-quanli");
    const answer = await post("hexi", { deviceId: "tv-kit-film", lessonIds: [film, lesson("yubei-dangyuan"), film] });
    expect(answer.status).toBe(200);
    const kit = answer.body as StationKit;
    expect(kit.lessons.map((entry) => entry.id)).toEqual([film, lesson("yubei-dangyuan")]);
    expect(kit.lessons[0]).toMatchObject({ hasQuiz: false, passPercent: null, classHours: 0, papers: [] });
    expect(kit.lessons[0]!.files.map((file) => file.url)).toEqual([
      "/media/courses/dangzhang-jichu/media/01-yiwu-quanli.mp4",
      "/media/courses/dangzhang-jichu/media/01-yiwu-quanli.zh-CN.vtt",
    ]);
    expect(kit.lessons[1]!.papers).toHaveLength(5);
    expect(await prisma.stationDownload.count({ where: { stationId, deviceId: "tv-kit-film" } })).toBe(2);
  });

  it("a lesson hidden from the station's organization is not found: 404 naming it, nothing drawn or recorded", async () => {
    const chengguan = await prisma.organization.findUniqueOrThrow({ where: { code: "chengguan" }, select: { id: true } });
    await prisma.course.update({ where: { slug: "dangzhang-jichu" }, data: { ownerOrgId: chengguan.id, sharing: "OWN" } });
    try {
      const draws = await prisma.quizDraw.count();
      const answer = await post("zhandian", { deviceId: "tv-kit-hidden", lessonIds: [lesson("rudang-shenqing"), lesson("yiwu-quanli")] });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        error: "没有这一课，或本站点不能放映 (no such lesson for this station)",
        issues: [`lessonIds.1: ${lesson("yiwu-quanli")}`],
      });
      expect(await prisma.quizDraw.count()).toBe(draws);
      expect(await prisma.stationDownload.count({ where: { deviceId: "tv-kit-hidden" } })).toBe(0);
      const { stationDownloadChoices } = await import("~/models/station-kit.server.ts");
      const offered = (await stationDownloadChoices({ id: stationId, org: { path: await stationOrgPath() } })).map((choice) => choice.id);
      expect(offered).not.toContain(lesson("yiwu-quanli"));
      expect(offered).toContain(lesson("rudang-shenqing"));
    } finally {
      await prisma.course.update({ where: { slug: "dangzhang-jichu" }, data: { ownerOrgId: null, sharing: "ALL" } });
    }
  });

  it("a lesson id of nothing: 404 naming its place", async () => {
    const answer = await post("zhandian", { deviceId: "tv-kit-none", lessonIds: ["no-such-lesson"] });
    expect(answer.status).toBe(404);
    expect((answer.body as { issues: string[] }).issues).toEqual(["lessonIds.0: no-such-lesson"]);
    expect(await prisma.stationDownload.count({ where: { deviceId: "tv-kit-none" } })).toBe(0);
  });

  it.each([
    { name: "no device id", body: { lessonIds: ["x"] }, issue: "deviceId: 缺少设备编号 (the device's id missing)" },
    {
      name: "an empty device id",
      body: { deviceId: "", lessonIds: ["x"] },
      issue: "deviceId: 设备编号不能为空 (the device's id: must not be empty)",
    },
    { name: "no lessons", body: { deviceId: "tv" }, issue: "lessonIds: 缺少要下载的课 (the lessons to download missing)" },
    { name: "an empty list", body: { deviceId: "tv", lessonIds: [] }, issue: "lessonIds: 至少选一课 (at least one lesson)" },
    {
      name: "21 lessons",
      body: { deviceId: "tv", lessonIds: Array.from({ length: 21 }, (_, index) => `l${index}`) },
      issue: "lessonIds: 一次最多 20 课 (at most 20 lessons at once)",
    },
    {
      name: "a number for a lesson",
      body: { deviceId: "tv", lessonIds: ["x", 7] },
      issue: "lessonIds.1: 课的编号应为文字 (a lesson id: expected text)",
    },
    { name: "not JSON", body: "{deviceId:", issue: "body: 不是 JSON (not JSON)" },
  ])("bad input ($name): 400 naming the field, nothing recorded", async ({ body, issue }) => {
    const before = await prisma.stationDownload.count();
    const answer = await post("zhandian", body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: "下载请求格式不对 (malformed download request)" });
    expect((answer.body as { issues: string[] }).issues).toContain(issue);
    expect(await prisma.stationDownload.count()).toBe(before);
  });

  it("who may download: no session 401, another township's admin 403, a station that does not exist 404", async () => {
    const body = { deviceId: "tv-kit-who", lessonIds: [lesson("rudang-shenqing")] };
    expect((await post(null, body)).status).toBe(401);
    expect((await post("chengguan", body)).status).toBe(403);
    expect((await post("shenqing", body)).status).toBe(403);
    expect((await post("zhandian", body, "no-such-station")).status).toBe(404);
    expect(await prisma.stationDownload.count({ where: { deviceId: "tv-kit-who" } })).toBe(0);
  });
});

async function stationOrgPath() {
  return (await prisma.station.findUniqueOrThrow({ where: { id: stationId }, select: { org: { select: { path: true } } } })).org.path;
}

describe("stationDownloadChoices: the download page's lessons", () => {
  it("every lesson the station may show, its files' size, and whether the schedule plays it in the coming two weeks", async () => {
    const { addPlanEntry } = await import("~/models/station.server.ts");
    const { stationDownloadChoices } = await import("~/models/station-kit.server.ts");
    const plan = { time: "19:30", mode: "CENTRALIZED", venue: "FIXED", place: "村委会二楼", createdById: accounts.get("zhandian")! };
    await addPlanEntry({ ...plan, stationId, lessonId: lesson("rudang-shenqing"), rule: { kind: "once", date: "2026-12-10" } });
    await addPlanEntry({ ...plan, stationId, lessonId: lesson("fazhan-duixiang"), rule: { kind: "digit", digit: 6 } });
    await addPlanEntry({ ...plan, stationId, lessonId: lesson("yubei-dangyuan"), rule: { kind: "once", date: "2026-12-17" } });
    // Noon of 3 December in Beijing: the two weeks run from the 3rd to the 16th.
    const choices = await stationDownloadChoices(
      { id: stationId, org: { path: await stationOrgPath() } },
      new Date("2026-12-03T04:00:00Z"),
    );
    const byId = new Map(choices.map((choice) => [choice.id, choice]));
    expect(choices.map((choice) => choice.id).sort()).toEqual([...lessonIds.values()].sort());
    expect(byId.get(lesson("rudang-shenqing"))).toEqual({
      id: lesson("rudang-shenqing"),
      title: "第一课 入党申请与入党积极分子的确定和培养",
      courseTitle: "发展党员工作程序",
      bytes:
        mediaSize("courses/fazhan-dangyuan/media/01-rudang-shenqing.mp4") +
        mediaSize("courses/fazhan-dangyuan/media/01-rudang-shenqing.zh-CN.vtt") +
        mediaSize("courses/fazhan-dangyuan/media/01-rudang-shenqing.ug.vtt"),
      plannedWithinTwoWeeks: true,
      plannedDates: ["2026-12-10"],
    });
    expect(byId.get(lesson("fazhan-duixiang"))).toMatchObject({ plannedWithinTwoWeeks: true, plannedDates: ["2026-12-06", "2026-12-16"] });
    expect(byId.get(lesson("yubei-dangyuan"))).toMatchObject({ plannedWithinTwoWeeks: false, plannedDates: [] });
    expect(byId.get(lesson("minzhu-jizhongzhi"))).toMatchObject({ plannedWithinTwoWeeks: false, plannedDates: [] });
    // The kit reports the same size for the lesson as the page offers.
    const kit = (await post("zhandian", { deviceId: "tv-kit-size", lessonIds: [lesson("rudang-shenqing")] })).body as StationKit;
    expect(kit.lessons[0]!.files.reduce((sum, file) => sum + file.bytes, 0)).toBe(byId.get(lesson("rudang-shenqing"))!.bytes);
  });
});
