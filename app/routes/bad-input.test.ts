// Malformed or premature input gets a clear answer naming what is wrong, and
// nothing already saved is lost or counted twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  startHeartbeatServer,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { SAMPLE_PASSWORD } from "../../prisma/sample-data.ts";
import { callRoute, replyErrors, replyMessages, replyValue, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let heartbeats: Awaited<ReturnType<typeof startHeartbeatServer>>;
let cookie: string;
let lessonId: string;
const params = { courseSlug: "fazhan-dangyuan", lessonSlug: "rudang-shenqing" };
const lessonPath = `/courses/${params.courseSlug}/${params.lessonSlug}`;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  const prisma = await loadSampleData();
  cookie = await sessionCookieFor("xueyuan");
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: params.lessonSlug }, select: { id: true } })).id;
  heartbeats = await startHeartbeatServer();
});
afterAll(async () => {
  await heartbeats?.close();
  await app?.cleanup();
});

function heartbeat(body: string) {
  return heartbeats.post(body, cookie);
}

async function lessonAction(fields: Record<string, string>) {
  const { action } = await import("./courses+/$courseSlug.$lessonSlug.tsx");
  return callRoute(action, routeRequest(lessonPath, { cookie, fields }), params);
}

describe("heartbeat API", () => {
  it.each([
    ["not JSON", "{{{"],
    ["missing fields", JSON.stringify({ lessonId: "x" })],
    ["negative time", JSON.stringify({ lessonId: "x", intervals: [[-1, 5]], position: 0 })],
    ["wrong shape", JSON.stringify({ lessonId: "x", intervals: [[1, 2, 3]], position: 0 })],
  ])("%s → 400 with a message", async (_name, body) => {
    const response = await heartbeat(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain("心跳数据格式不对");
  });

  it("without a session → 401", async () => {
    expect((await heartbeats.post(JSON.stringify({ lessonId, intervals: [[0, 1]], position: 1 }))).status).toBe(401);
  });

  it("a body over 16 KB → refused with the same message", async () => {
    const response = await heartbeat(JSON.stringify({ lessonId, intervals: [], position: 0, padding: "x".repeat(20_000) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toContain("心跳数据格式不对");
  });

  it("an unknown lesson → 404", async () => {
    const response = await heartbeat(JSON.stringify({ lessonId: "no-such-lesson", intervals: [[0, 1]], position: 1 }));
    expect(response.status).toBe(404);
  });

  it("a forged claim of the whole video credits only what time allows", async () => {
    // Past the preparation ring, which the heartbeat path enforces first (a 409 before it).
    const { markStageDone } = await import("~/models/progress.server.ts");
    const { getPrisma } = await import("~/utils/db.server.ts");
    const learner = await (await getPrisma()).user.findUniqueOrThrow({ where: { username: "xueyuan" }, select: { id: true } });
    await markStageDone(learner.id, lessonId, "PREPARATION");
    const response = await heartbeat(JSON.stringify({ lessonId, intervals: [[0, 18]], position: 18 }));
    const reply = (await response.json()) as { watchedSeconds: number; viewingComplete: boolean };
    expect(reply.viewingComplete).toBe(false);
    // A first heartbeat has only the initial credit: 2 s of clock at the lesson's 1.5× maximum.
    expect(reply.watchedSeconds).toBeLessThanOrEqual(2 * 1.5);
  });
});

describe("lesson actions", () => {
  it("an unknown intent is named in the answer", async () => {
    const result = await lessonAction({ intent: "delete-everything" });
    expect(result.status).toBe(400);
    expect(replyErrors(result)).toEqual({ intent: ["lesson.unknownIntent"] });
  });

  it("a quiz before the earlier stages are done is refused", async () => {
    const result = await lessonAction({ intent: "quiz", token: "33333333-3333-4333-8333-333333333333" });
    expect(result.status).toBe(400);
    expect(replyErrors(result)).toEqual({ "": ["lesson.stageLocked"] });
  });

  it("a quiz with a malformed token is refused and stores nothing", async () => {
    const result = await lessonAction({ intent: "quiz", token: "not-a-token" });
    expect(result.status).toBe(400);
    expect(replyErrors(result)).toEqual({ token: ["lesson.paperUnknown"] });
    const { getPrisma } = await import("~/utils/db.server.ts");
    expect(await (await getPrisma()).quizAttempt.count()).toBe(0);
  });

  it("a too-short discussion answer is refused with the counts, and the text is handed back", async () => {
    const { markStageDone } = await import("~/models/progress.server.ts");
    const { getPrisma } = await import("~/utils/db.server.ts");
    const prisma = await getPrisma();
    const learner = await prisma.user.findUniqueOrThrow({ where: { username: "xueyuan" }, select: { id: true } });
    await markStageDone(learner.id, lessonId, "PREPARATION");
    await markStageDone(learner.id, lessonId, "VIEWING");
    const result = await lessonAction({ intent: "post", body: "太短了" });
    expect(result.status).toBe(400);
    expect(replyMessages(result)).toMatchObject({ body: [{ key: "discussion.answerErrors.too-short", params: { actual: 3 } }] });
    expect(replyValue(result)).toMatchObject({ intent: "post", body: "太短了" });
    expect(await prisma.discussionPost.count()).toBe(0);
  });
});

describe("login form", () => {
  it("empty fields are named", async () => {
    const { action } = await import("./login.tsx");
    const result = await callRoute(action, routeRequest("/login", { fields: { identifier: "", password: "" } }));
    expect(result.status).toBe(400);
    expect(replyErrors(result)).toEqual({ identifier: ["login.identifierRequired"], password: ["login.passwordRequired"] });
  });

  it("a wrong password says so; the fifth in a row locks the account, said with the minutes to wait, the right one included", async () => {
    const { action } = await import("./login.tsx");
    const signIn = (password: string) => callRoute(action, routeRequest("/login", { fields: { identifier: "liudong", password } }));
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const wrong = await signIn(`wrong-${attempt}`);
      expect(wrong.status).toBe(400);
      expect(replyErrors(wrong)).toEqual({ "": ["login.invalid"] });
    }
    for (const password of ["wrong-5", SAMPLE_PASSWORD]) {
      const locked = await signIn(password);
      expect(locked.status).toBe(429);
      expect(replyMessages(locked)).toEqual({ "": [{ key: "login.account-locked", params: { minutes: 15 } }] });
    }
  });
});
