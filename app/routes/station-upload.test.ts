// POST /api/station-events as a device's outbox uses it (decision 026), on a
// real database: an upload names its station and another station's events
// are refused one by one; an event id reused with other content is refused
// and the stored event stays; answer sheets become attempts once (a resent
// sheet is a duplicate, a paper never drawn for him is refused); and a
// session's date from the device's clock is kept when plausible, replaced by
// the upload date and flagged when not, which the township admin sees in the
// work log and on the stations page.
import { randomUUID } from "node:crypto";
import i18next from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import type { AnswerSheetBody } from "~/domain/station/upload.ts";
import { resources } from "~/utils/i18n.ts";
import {
  answersFromKey,
  loadSampleData,
  sampleStationAndLesson,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, jsonRequest, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let stationId: string;
let otherStationId: string;
let lessonId: string;
const cookies = new Map<string, string>();
const ids = new Map<string, string>();
const DAY = 24 * 3600_000;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const username of ["zhandian", "hexi", "chengguan"]) cookies.set(username, await sessionCookieFor(username));
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
  ({ stationId, lessonId } = await sampleStationAndLesson(prisma));
  // A station of another township, which 河西村's operator cannot reach.
  const chengguan = await prisma.organization.findFirstOrThrow({ where: { name: "城关社区第一党支部" }, select: { id: true } });
  otherStationId = (
    await prisma.station.create({ data: { code: "chengguan-station", name: "城关社区站点", orgId: chengguan.id }, select: { id: true } })
  ).id;
});

afterAll(async () => app?.cleanup());

type Result = { eventId: string; outcome: string; refusal?: string | null; earlier?: string };

async function upload(username: string, body: unknown) {
  const route = await import("./api.station-events.ts");
  const response = await route.action({ request: jsonRequest("/api/station-events", body, cookies.get(username)) });
  const json = (await response.json()) as { results?: Result[] };
  return { status: response.status, results: json.results ?? [] };
}

/** A device's outbox for one session: each call makes its next item. */
function outbox(deviceId = `tablet-${randomUUID().slice(0, 8)}`) {
  const sessionId = randomUUID();
  let sequence = 0;
  return {
    sessionId,
    deviceId,
    item: (body: SessionEventBody | AnswerSheetBody) => ({ eventId: randomUUID(), deviceId, sequence: ++sequence, sessionId, body }),
  };
}

/** The paper drawn for him, as the kit carries it, with answers that pass it (the answer key) or fail it. */
async function paperFor(username: string, pass: boolean) {
  const { getLessonById } = await import("~/models/course.server.ts");
  const { openPaper } = await import("~/models/quiz.server.ts");
  const lesson = (await getLessonById(lessonId))!;
  const paper = await openPaper(ids.get(username)!, lesson);
  const answers = await answersFromKey(
    paper.questions.map((question) => question.id),
    pass,
  );
  return { token: paper.token, answers };
}

const opened = (startedAt?: Date): SessionEventBody => ({
  type: "opened",
  stationId,
  lessonId,
  ...(startedAt ? { startedAt: startedAt.toISOString() } : {}),
});

async function sessionRow(sessionId: string) {
  return prisma.stationSession.findUniqueOrThrow({
    where: { clientId: sessionId },
    select: { startedAt: true, endedAt: true, deviceStartedAt: true, dateFlag: true },
  });
}

describe("an upload for one station", () => {
  it("refuses, item by item, the events of another station's session (stored as refused), and takes its own", async () => {
    const ours = outbox();
    const theirs = outbox(ours.deviceId);
    // The other station's session, opened there by its own township's admin.
    const elsewhere = await upload("chengguan", { events: [theirs.item({ type: "opened", stationId: otherStationId, lessonId })] });
    expect(elsewhere.results.map((result) => result.outcome)).toEqual(["applied"]);

    const items = [
      ours.item(opened()),
      theirs.item({ type: "arrived", personId: ids.get("xueyuan")!, atMs: 0 }),
      ours.item({ type: "arrived", personId: ids.get("hedashan")!, atMs: 0 }),
      // An opening at another station in the same upload.
      outbox(ours.deviceId).item({ type: "opened", stationId: otherStationId, lessonId }),
      ours.item({ type: "closed", atMs: 60_000 }),
    ];
    const answer = await upload("zhandian", { stationCode: "hexi-station", events: items });
    expect(answer.status).toBe(200);
    expect(answer.results).toEqual([
      { eventId: items[0]!.eventId, outcome: "applied" },
      { eventId: items[1]!.eventId, outcome: "refused", refusal: "other-station" },
      { eventId: items[2]!.eventId, outcome: "applied" },
      { eventId: items[3]!.eventId, outcome: "refused", refusal: "other-station" },
      { eventId: items[4]!.eventId, outcome: "applied" },
    ]);
    const refused = await prisma.stationEvent.findUniqueOrThrow({
      where: { id: items[1]!.eventId },
      select: { outcome: true, refusal: true },
    });
    expect(refused).toEqual({ outcome: "REFUSED", refusal: "other-station" });
    // Nothing of it reached the other station's session.
    const { stationSessionState } = await import("~/models/station-session.server.ts");
    expect((await stationSessionState(theirs.sessionId))?.presence.size).toBe(0);
    // Sent again: a duplicate of the refusal, not a second one.
    const again = await upload("zhandian", { stationCode: "hexi-station", events: [items[1]] });
    expect(again.results).toEqual([{ eventId: items[1]!.eventId, outcome: "duplicate", earlier: "refused", refusal: "other-station" }]);
  });

  it("names a station that must exist and be within the sender's reach", async () => {
    const tv = outbox();
    const before = await prisma.stationEvent.count();
    expect((await upload("zhandian", { stationCode: "no-such-station", events: [tv.item(opened())] })).status).toBe(404);
    expect((await upload("chengguan", { stationCode: "hexi-station", events: [tv.item(opened())] })).status).toBe(403);
    expect(await prisma.stationEvent.count()).toBe(before);
  });
});

describe("an event id sent again", () => {
  it("with other content (another time, another session, another device) is refused and the stored event stays as it was", async () => {
    const tv = outbox();
    const arrival = tv.item({ type: "arrived", personId: ids.get("hedashan")!, atMs: 1_000 });
    const first = await upload("zhandian", { stationCode: "hexi-station", events: [tv.item(opened()), arrival] });
    expect(first.results.map((result) => result.outcome)).toEqual(["applied", "applied"]);

    const changed = [
      { ...arrival, body: { ...arrival.body, atMs: 2_000 } },
      { ...arrival, sessionId: randomUUID() },
      { ...arrival, deviceId: "another-tablet" },
    ];
    const answer = await upload("zhandian", { stationCode: "hexi-station", events: changed });
    expect(answer.results).toEqual(changed.map(() => ({ eventId: arrival.eventId, outcome: "refused", refusal: "event-id-reused" })));
    const stored = await prisma.stationEvent.findUniqueOrThrow({
      where: { id: arrival.eventId },
      select: { sessionClientId: true, deviceId: true, bodyJson: true, outcome: true },
    });
    expect({ ...stored, body: JSON.parse(stored.bodyJson) }).toMatchObject({
      sessionClientId: tv.sessionId,
      deviceId: tv.deviceId,
      outcome: "APPLIED",
      body: { atMs: 1_000 },
    });
    // The same content with its keys in another order and another sequence number is the same event: a duplicate.
    const reordered = { ...arrival, sequence: 99, body: { atMs: 1_000, personId: ids.get("hedashan")!, type: "arrived" } };
    const same = await upload("zhandian", { stationCode: "hexi-station", events: [reordered] });
    expect(same.results).toEqual([{ eventId: arrival.eventId, outcome: "duplicate", earlier: "applied", refusal: null }]);
    await upload("zhandian", { events: [tv.item({ type: "closed", atMs: 60_000 })] });
  });
});

describe("answer sheets in an upload", () => {
  it("one attempt and one answered event however often the sheet comes; the same paper with other answers is refused", async () => {
    const member = ids.get("hedashan")!;
    const tv = outbox();
    const paper = await paperFor("hedashan", true);
    const sheet = tv.item({ type: "answer-sheet", personId: member, way: "PAPER", token: paper.token, answers: paper.answers });
    const attemptsBefore = await prisma.quizAttempt.count({ where: { userId: member, lessonId } });
    const first = await upload("zhandian", {
      stationCode: "hexi-station",
      events: [tv.item(opened()), tv.item({ type: "arrived", personId: member, atMs: 0 }), sheet],
    });
    expect(first.results.map((result) => result.outcome)).toEqual(["applied", "applied", "applied"]);

    const again = await upload("zhandian", { stationCode: "hexi-station", events: [sheet, sheet] });
    expect(again.results).toEqual([
      { eventId: sheet.eventId, outcome: "duplicate", earlier: "applied", refusal: null },
      { eventId: sheet.eventId, outcome: "duplicate", earlier: "applied", refusal: null },
    ]);
    // The same sheet again under another item id (a second device's copy made it anew): still a duplicate.
    const copy = { ...sheet, eventId: randomUUID() };
    expect((await upload("zhandian", { stationCode: "hexi-station", events: [copy] })).results[0]?.outcome).toBe("duplicate");
    // One answer changed: another sheet on the same paper, refused; the first attempt stays.
    const [firstQuestion] = Object.keys(paper.answers);
    const otherAnswers = { ...paper.answers, [firstQuestion!]: ["不知道"] };
    const changed = { ...sheet, eventId: randomUUID(), body: { ...sheet.body, answers: otherAnswers } };
    const refused = await upload("zhandian", { stationCode: "hexi-station", events: [changed] });
    expect(refused.results).toEqual([{ eventId: changed.eventId, outcome: "refused", refusal: "answered-twice" }]);

    expect(await prisma.quizAttempt.count({ where: { userId: member, lessonId } })).toBe(attemptsBefore + 1);
    const answered = await prisma.stationEvent.findMany({
      where: { sessionClientId: tv.sessionId, type: "answered" },
      select: { id: true, outcome: true, recordedById: true },
    });
    expect(answered).toEqual([{ id: `answer-${paper.token}`, outcome: "APPLIED", recordedById: ids.get("zhandian") }]);
    await upload("zhandian", { events: [tv.item({ type: "closed", atMs: 60_000 })] });
  });

  it.each([
    { name: "a paper never drawn for him", refusal: "paper-unknown" },
    { name: "someone not on the roll", refusal: "not-attendee" },
    { name: "a villager without an account", refusal: "no-account" },
    { name: "a session that was never opened", refusal: "session-gone" },
  ])("refused before anything is stored: $name", async ({ refusal }) => {
    const tv = outbox();
    const member = ids.get("qianxiuying")!;
    const walkIn = randomUUID();
    const paper = await paperFor("qianxiuying", true);
    const sheet = (body: Partial<AnswerSheetBody>) =>
      tv.item({ type: "answer-sheet", personId: member, way: "SCREEN", token: paper.token, answers: paper.answers, ...body });
    const setUp = [
      tv.item(opened()),
      tv.item({ type: "arrived", personId: member, atMs: 0 }),
      tv.item({ type: "walked-in", personId: walkIn, name: "刘大爷", phone: null, atMs: 0 }),
    ];
    const item =
      refusal === "paper-unknown"
        ? sheet({ token: randomUUID() })
        : refusal === "not-attendee"
          ? sheet({ personId: ids.get("shenqing")! })
          : refusal === "no-account"
            ? sheet({ personId: walkIn })
            : { ...sheet({}), sessionId: randomUUID() };
    const attemptsBefore = await prisma.quizAttempt.count({ where: { lessonId } });
    const answer = await upload("zhandian", { stationCode: "hexi-station", events: [...setUp, item] });
    expect(answer.results.at(-1)).toEqual({ eventId: item.eventId, outcome: "refused", refusal });
    expect(await prisma.quizAttempt.count({ where: { lessonId } })).toBe(attemptsBefore);
    expect(await prisma.stationEvent.count({ where: { sessionClientId: tv.sessionId, type: "answered" } })).toBe(0);
    await upload("zhandian", { events: [tv.item({ type: "closed", atMs: 60_000 })] });
  });

  it("the id of an event already stored, used for a sheet, is refused", async () => {
    const tv = outbox();
    const openedItem = tv.item(opened());
    await upload("zhandian", { events: [openedItem, tv.item({ type: "arrived", personId: ids.get("hedashan")!, atMs: 0 })] });
    const paper = await paperFor("hedashan", true);
    const sheet = {
      ...tv.item({ type: "answer-sheet", personId: ids.get("hedashan")!, way: "ORAL", token: paper.token, answers: paper.answers }),
      eventId: openedItem.eventId,
    };
    expect((await upload("zhandian", { events: [sheet] })).results).toEqual([
      { eventId: openedItem.eventId, outcome: "refused", refusal: "event-id-reused" },
    ]);
    await upload("zhandian", { events: [tv.item({ type: "closed", atMs: 60_000 })] });
  });

  it("a malformed sheet is a 400 naming its place", async () => {
    const tv = outbox();
    const answer = await upload("zhandian", {
      events: [tv.item({ type: "answer-sheet", personId: "p", way: "PHONE" as "SCREEN", token: "t", answers: {} })],
    });
    expect(answer.status).toBe(400);
  });
});

describe("the session's date from the device's clock", () => {
  it("kept when plausible: three days offline after the lesson was downloaded, ending by the session's own clock", async () => {
    const tv = outbox();
    await prisma.stationDownload.create({
      data: { stationId, deviceId: tv.deviceId, lessonId, firstDownloadedAt: new Date(Date.now() - 5 * DAY) },
    });
    const claimed = new Date(Date.now() - 3 * DAY);
    const answer = await upload("zhandian", {
      stationCode: "hexi-station",
      events: [tv.item(opened(claimed)), tv.item({ type: "closed", atMs: 45 * 60_000 })],
    });
    expect(answer.results.map((result) => result.outcome)).toEqual(["applied", "applied"]);
    expect(await sessionRow(tv.sessionId)).toEqual({
      startedAt: claimed,
      endedAt: new Date(claimed.getTime() + 45 * 60_000),
      deviceStartedAt: claimed,
      dateFlag: null,
    });
  });

  it.each([
    { name: "a clock three days ahead", offset: 3 * DAY, download: -DAY, flag: "after-receipt" },
    { name: "a clock a year behind, before the download", offset: -365 * DAY, download: -DAY, flag: "before-download" },
    { name: "a day old, with no download by this device", offset: -DAY, download: null, flag: "before-download" },
  ])("replaced by the upload date and flagged: $name", async ({ offset, download, flag }) => {
    const tv = outbox();
    if (download !== null) {
      await prisma.stationDownload.create({
        data: { stationId, deviceId: tv.deviceId, lessonId, firstDownloadedAt: new Date(Date.now() + download) },
      });
    }
    const claimed = new Date(Date.now() + offset);
    const before = Date.now();
    await upload("zhandian", {
      stationCode: "hexi-station",
      events: [tv.item(opened(claimed)), tv.item({ type: "closed", atMs: 30 * 60_000 })],
    });
    const after = Date.now();
    const row = await sessionRow(tv.sessionId);
    expect(row.dateFlag).toBe(flag);
    expect(row.deviceStartedAt).toEqual(claimed);
    // It ends at the upload, and began as long before as the session's own clock ran.
    expect(row.endedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.endedAt!.getTime()).toBeLessThanOrEqual(after);
    expect(row.endedAt!.getTime() - row.startedAt.getTime()).toBe(30 * 60_000);
  });

  it("the work log says so of each flagged session in plain words, and the stations page counts them", async () => {
    const tv = outbox();
    const claimed = new Date(Date.now() + 3 * DAY);
    await upload("zhandian", {
      stationCode: "hexi-station",
      events: [tv.item(opened(claimed)), tv.item({ type: "closed", atMs: 60_000 })],
    });
    const { beijingDateTime } = await import("~/domain/calendar.ts");

    const log = await import("./org+/stations.$code._index.tsx");
    const page = await callRoute(log.loader, routeRequest("/org/stations/hexi-station", { cookie: cookies.get("hexi") }), {
      code: "hexi-station",
    });
    const sessions = (page.body as { sessions: { clientId: string; dateFlag: { flag: string; deviceDate: string } | null }[] }).sessions;
    const flagged = sessions.find((session) => session.clientId === tv.sessionId);
    expect(flagged?.dateFlag).toEqual({ flag: "after-receipt", deviceDate: beijingDateTime(claimed) });
    const plain = sessions.filter((session) => session.dateFlag === null);
    expect(plain.length).toBeGreaterThan(0);

    const i18n = i18next.createInstance();
    await i18n.init({ lng: "zh-CN", resources, defaultNS: "common", interpolation: { escapeValue: false } });
    const words = i18n.t(`station.log.dateFlags.${flagged!.dateFlag!.flag}`, { deviceDate: flagged!.dateFlag!.deviceDate });
    expect(words).toContain("时钟不准");
    expect(words).toContain(beijingDateTime(claimed));
    expect(words).toContain("按上传日期");

    const overview = await import("./org+/stations._index.tsx");
    const stations = await callRoute(overview.loader, routeRequest("/org/stations", { cookie: cookies.get("hexi") }));
    const hexi = (stations.body as { stations: { code: string; dateFlagged: number }[] }).stations.find(
      (station) => station.code === "hexi-station",
    );
    const flaggedThisMonth = await prisma.stationSession.count({
      where: { stationId, endedAt: { not: null }, dateFlag: { not: null } },
    });
    // Four flagged above (three in the table, this one), all closed this month.
    expect(flaggedThisMonth).toBe(4);
    expect(hexi?.dateFlagged).toBe(flaggedThisMonth);
  });
});
