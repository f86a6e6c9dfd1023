// An attendee's test at a station session, on a real database: given on the
// station's screen, on paper or aloud (through the screen's form), or on his own
// phone with the session's code. One attempt per attendee and session however
// often the sheet is sent; a second sheet, a villager without an account and a
// code after the close are refused with words; an oral answer is audited.
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
let stationId: string;
let lessonId: string;
let operatorCookie: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  operatorCookie = await sessionCookieFor("zhandian");
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
  stationId = (await prisma.station.findUniqueOrThrow({ where: { code: "hexi-station" }, select: { id: true } })).id;
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: "rudang-shenqing" }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

/** A session opened on the operator's screen with these people on the roll. */
async function openSession(personIds: string[], walkInId?: string) {
  const route = await import("./api.station-events.ts");
  const sessionId = randomUUID();
  let sequence = 0;
  const send = async (bodies: SessionEventBody[]) => {
    const events = bodies.map((body) => ({ eventId: randomUUID(), deviceId: "tv-test", sequence: ++sequence, sessionId, body }));
    const response = await route.action({ request: jsonRequest("/api/station-events", { events }, operatorCookie) });
    expect(response.status).toBe(200);
  };
  await send([
    { type: "opened", stationId, lessonId },
    ...personIds.map((personId) => ({ type: "arrived" as const, personId, atMs: 0 })),
    ...(walkInId ? [{ type: "walked-in" as const, personId: walkInId, name: "刘大爷", phone: null, atMs: 0 }] : []),
  ]);
  return { sessionId, close: () => send([{ type: "closed", atMs: 60_000 }]) };
}

/** The screen's page for one attendee's paper: the form's token and its questions. */
async function paperOn(sessionId: string, personId: string, way: string) {
  const page = await import("./station.$code.tsx");
  const path = `/station/hexi-station?session=${sessionId}&ring=TESTING&person=${personId}&way=${way}`;
  const answer = await callRoute(page.loader, routeRequest(path, { cookie: operatorCookie }), { code: "hexi-station" });
  expect(answer.status).toBe(200);
  return (answer.body as { paper: { token: string; questions: { id: string }[] } | null }).paper;
}

async function sendSheet(sessionId: string, personId: string, way: string, token: string) {
  const page = await import("./station.$code.tsx");
  const fields = { intent: "quiz", token, sessionId, personId, way, deviceId: "tv-test", sequence: "99" };
  return callRoute(page.action, routeRequest("/station/hexi-station", { cookie: operatorCookie, fields }), { code: "hexi-station" });
}

const attemptsOf = (userId: string) => prisma.quizAttempt.count({ where: { userId, lessonId } });

describe("answers at a station session", () => {
  it("on the screen: one attempt and one answered event, however often the sheet is sent; a second sheet is refused", async () => {
    const member = ids.get("hedashan")!;
    const before = await attemptsOf(member);
    const { sessionId, close } = await openSession([member]);
    const paper = (await paperOn(sessionId, member, "SCREEN"))!;
    expect(paper.questions.length).toBeGreaterThan(0);
    const first = await sendSheet(sessionId, member, "SCREEN", paper.token);
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/station/hexi-station?session=${sessionId}&ring=TESTING`);
    expect((await sendSheet(sessionId, member, "SCREEN", paper.token)).status).toBe(302);
    expect(await attemptsOf(member)).toBe(before + 1);
    const events = await prisma.stationEvent.findMany({
      where: { sessionClientId: sessionId, type: "answered" },
      select: { outcome: true },
    });
    expect(events).toEqual([{ outcome: "APPLIED" }]);
    // Answered: no paper is drawn for him again, and another sheet of his is refused before anything is stored.
    expect(await paperOn(sessionId, member, "PAPER")).toBeNull();
    const other = await prisma.quizDraw.create({
      data: { userId: member, lessonId, token: randomUUID(), seed: "x", itemsJson: "[]" },
      select: { token: true },
    });
    const refused = await sendSheet(sessionId, member, "PAPER", other.token);
    expect(refused.status).toBe(400);
    expect(replyErrors(refused)?.[""]).toEqual(["station.tv.answerProblems.answered-twice"]);
    expect(await attemptsOf(member)).toBe(before + 1);
    await close();
  });

  it("aloud: recorded by the operator and audited; a villager without an account takes no test", async () => {
    const activist = ids.get("qianxiuying")!;
    const walkInId = randomUUID();
    const { sessionId, close } = await openSession([activist], walkInId);
    const paper = (await paperOn(sessionId, activist, "ORAL"))!;
    expect((await sendSheet(sessionId, activist, "ORAL", paper.token)).status).toBe(302);
    const attempt = await prisma.quizAttempt.findFirstOrThrow({ where: { idempotencyKey: paper.token }, select: { id: true } });
    const audit = await prisma.auditLog.findMany({
      where: { action: "station.oral-answer", entityId: attempt.id },
      select: { actorId: true },
    });
    expect(audit).toEqual([{ actorId: ids.get("zhandian") }]);
    expect(await paperOn(sessionId, walkInId, "SCREEN")).toBeNull();
    const refused = await sendSheet(sessionId, walkInId, "SCREEN", randomUUID());
    expect(replyErrors(refused)?.[""]).toEqual(["station.tv.answerProblems.no-account"]);
    await close();
  });

  it("on a phone: the code lists who may still answer, takes his sheet under the operator's name, and stops at the close", async () => {
    const applicant = ids.get("shenqing")!;
    const member = ids.get("hedashan")!;
    const { sessionId, close } = await openSession([applicant, member]);
    const session = await prisma.stationSession.findUniqueOrThrow({ where: { clientId: sessionId }, select: { testCode: true } });
    const code = session.testCode!;
    expect(code).toMatch(/^\d{6}$/);
    const phone = await import("./t.tsx");
    const who = await callRoute(phone.loader, routeRequest(`/t?code=${code}`));
    expect((who.body as { people: { name: string }[] }).people.map((person) => person.name).sort()).toEqual(["何大山", "周丽"].sort());
    const sheet = await callRoute(phone.loader, routeRequest(`/t?code=${code}&person=${applicant}`));
    const token = (sheet.body as { paper: { token: string } }).paper.token;
    const sent = await callRoute(phone.action, routeRequest("/t", { fields: { intent: "quiz", token, code, personId: applicant } }));
    expect(sent.location).toBe(`/t?code=${code}&done=1`);
    const answered = await prisma.stationEvent.findFirstOrThrow({
      where: { sessionClientId: sessionId, type: "answered" },
      select: { recordedById: true, bodyJson: true },
    });
    expect(answered.recordedById).toBe(ids.get("zhandian"));
    expect(JSON.parse(answered.bodyJson)).toMatchObject({ personId: applicant, way: "PHONE" });
    // He has answered: the list offers only the others.
    const after = await callRoute(phone.loader, routeRequest(`/t?code=${code}`));
    expect((after.body as { people: { name: string }[] }).people.map((person) => person.name)).toEqual(["何大山"]);

    await close();
    const expired = await callRoute(phone.loader, routeRequest(`/t?code=${code}`));
    expect(expired.body).toMatchObject({ state: "code", wrongCode: true });
    const late = await callRoute(
      phone.action,
      routeRequest("/t", { fields: { intent: "quiz", token: randomUUID(), code, personId: member } }),
    );
    expect(replyErrors(late)?.[""]).toEqual(["station.tv.answerProblems.code-unknown"]);
  });

  it("on paper after the close: still taken, for those on the roll", async () => {
    const member = ids.get("hedashan")!;
    const { sessionId, close } = await openSession([member]);
    await close();
    const paper = (await paperOn(sessionId, member, "PAPER"))!;
    expect((await sendSheet(sessionId, member, "PAPER", paper.token)).status).toBe(302);
    const events = await prisma.stationEvent.findMany({
      where: { sessionClientId: sessionId, type: "answered" },
      select: { outcome: true },
    });
    expect(events).toEqual([{ outcome: "APPLIED" }]);
  });
});
