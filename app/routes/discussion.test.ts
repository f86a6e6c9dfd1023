// The discussion ring through the real lesson page and the moderation page, on
// a real migrated SQLite database: answers stored as typed and rendered safe,
// classmates (home branch plus training class), replies one level deep with
// their length limits, and a trainer hiding a post with a reason that reaches
// the audit log and the author, but no one else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, replyMessages, replyValue, routeRequest, type RouteAnswer } from "../../tests/helpers/route-call.ts";
import type { loader as lessonLoader } from "./courses+/$courseSlug.$lessonSlug.tsx";
import type { loader as moderationLoader } from "./org+/discussions.tsx";

type LessonPage = Awaited<ReturnType<typeof lessonLoader>>;
type ModerationPage = Awaited<ReturnType<typeof moderationLoader>>;

const LESSON = { courseSlug: "fazhan-dangyuan", lessonSlug: "fazhan-duixiang" };
const PATH = `/courses/${LESSON.courseSlug}/${LESSON.lessonSlug}`;

let app: AppEnvironment;
const cookies = new Map<string, string>();
const ids = new Map<string, string>();
let lessonId: string;
let minLength: number;

const load = async () => ({
  lessonRoute: await import("./courses+/$courseSlug.$lessonSlug.tsx"),
  moderationRoute: await import("./org+/discussions.tsx"),
  ...(await import("~/utils/db.server.ts")),
  ...(await import("~/models/progress.server.ts")),
  ...(await import("~/models/user.server.ts")),
  ...(await import("../../prisma/sample-data.ts")),
});
let m: Awaited<ReturnType<typeof load>>;

/** A learner of our own making: home organization by code, and optionally one entrustment. */
async function makeLearner(username: string, name: string, homeCode: string, entrustedTo?: { code: string; ended: boolean }) {
  const prisma = await m.getPrisma();
  const org = async (code: string) => (await prisma.organization.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
  const homeOrgId = await org(homeCode);
  const user = await prisma.user.create({ data: { username, name, homeOrgId, stage: "ACTIVIST" }, select: { id: true } });
  await prisma.password.create({ data: { userId: user.id, hash: await m.hashPassword(m.SAMPLE_PASSWORD) } });
  await prisma.roleAssignment.create({ data: { userId: user.id, orgId: homeOrgId, role: "LEARNER" } });
  if (entrustedTo) {
    await prisma.entrustedTraining.create({
      data: {
        userId: user.id,
        homeOrgId,
        trainingOrgId: await org(entrustedTo.code),
        startedOn: new Date("2026-01-01"),
        endedOn: entrustedTo.ended ? new Date("2026-06-01") : null,
      },
    });
  }
  ids.set(username, user.id);
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  const prisma = await loadSampleData();
  const lesson = await prisma.lesson.findFirstOrThrow({
    where: { slug: LESSON.lessonSlug, course: { slug: LESSON.courseSlug } },
    select: { id: true, discussionMinLength: true },
  });
  lessonId = lesson.id;
  minLength = lesson.discussionMinLength;
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
  // 城关镇流动党员党支部 trains liudong (home 杨庄村); these make its class and his home branch.
  await makeLearner("mobile-own", "流动支部学员", "chengguan-liudong");
  await makeLearner("yangzhuang-home", "杨庄村学员", "yangzhuang");
  await makeLearner("also-entrusted", "另一名委托学员", "hexi-cun", { code: "chengguan-liudong", ended: false });
  await makeLearner("formerly-entrusted", "委托已结束学员", "hexi-cun", { code: "chengguan-liudong", ended: true });
  for (const username of [
    "xueyuan",
    "fazhan",
    "yubei",
    "liudong",
    "shenqing",
    "peiyang",
    "chengguan",
    "mobile-own",
    "yangzhuang-home",
    "also-entrusted",
    "formerly-entrusted",
  ]) {
    cookies.set(username, await sessionCookieFor(username));
  }
});

afterAll(async () => {
  await app?.cleanup();
});

async function page(username: string): Promise<LessonPage> {
  return (await callRoute(m.lessonRoute.loader, routeRequest(PATH, { cookie: cookies.get(username)! }), LESSON)).body as LessonPage;
}

async function act(username: string, fields: Record<string, string>): Promise<RouteAnswer> {
  return callRoute(m.lessonRoute.action, routeRequest(PATH, { cookie: cookies.get(username)!, fields }), LESSON);
}

/** A refusal: status 400, the field errors as keys with their parameters, and the typed text handed back. */
function refusal(answer: RouteAnswer) {
  return { status: answer.status, errors: replyMessages(answer), body: replyValue(answer)?.body, reason: replyValue(answer)?.reason };
}

async function openDiscussion(username: string) {
  await m.markStageDone(ids.get(username)!, lessonId, "PREPARATION");
  await m.markStageDone(ids.get(username)!, lessonId, "VIEWING");
}

function answerOf(username: string, extra = "") {
  return `${username} 的发言：要把学习党章和本职工作结合起来，在群众中起到带头作用。${extra}`.padEnd(minLength + 5, "。");
}

async function answer(username: string, body = answerOf(username)) {
  await openDiscussion(username);
  const result = await act(username, { intent: "post", body });
  expect(result.status).toBe(302);
  expect(result.location).toBe(`${PATH}#discussion`);
  return (
    await (
      await m.getPrisma()
    ).discussionPost.findFirstOrThrow({ where: { lessonId, authorId: ids.get(username)!, parentId: null }, select: { id: true } })
  ).id;
}

function authorsSeenIn(data: LessonPage): string[] {
  return data.posts.map((post) => post.authorName);
}

async function postCount(where: Record<string, unknown> = {}) {
  return (await m.getPrisma()).discussionPost.count({ where: { lessonId, ...where } });
}

async function discussionDone(username: string) {
  const progress = await m.getStageDates(ids.get(username)!, lessonId);
  return progress?.discussedAt != null;
}

const postIds = new Map<string, string>();

describe("answering the prompt", () => {
  it("an answer in Markdown is stored as typed and rendered without any script or image", async () => {
    const body = answerOf("xueyuan", "\n\n**重点**：<script>alert('x')</script> <img src=x onerror=alert(1)> [链接](javascript:alert(1))");
    postIds.set("xueyuan", await answer("xueyuan", body));
    const stored = await (
      await m.getPrisma()
    ).discussionPost.findUniqueOrThrow({ where: { id: postIds.get("xueyuan")! }, select: { body: true } });
    expect(stored.body).toBe(body.trim());
    expect(await discussionDone("xueyuan")).toBe(true);

    const own = (await page("xueyuan")).posts.find((post) => post.id === postIds.get("xueyuan"));
    expect(own?.html).toContain("<strong>重点</strong>");
    expect(own?.html).not.toMatch(/<script|<img|href="javascript/i);
    expect(own?.html).toContain("&lt;script&gt;");
  });

  it("a too-short answer is refused with the counts and the text handed back, nothing stored", async () => {
    await openDiscussion("fazhan");
    const result = await act("fazhan", { intent: "post", body: "  太短了  " });
    expect(refusal(result)).toEqual({
      status: 400,
      errors: { body: [{ key: "discussion.answerErrors.too-short", params: { min: minLength, actual: 3 } }] },
      body: "  太短了  ",
    });
    expect(await postCount({ authorId: ids.get("fazhan")! })).toBe(0);
    expect(await discussionDone("fazhan")).toBe(false);
  });

  it("a too-long answer is refused with the counts and the text handed back", async () => {
    const body = "长".repeat(5001);
    const result = await act("fazhan", { intent: "post", body });
    expect(refusal(result)).toEqual({
      status: 400,
      errors: { body: [{ key: "discussion.answerErrors.too-long", params: { max: 5000, actual: 5001 } }] },
      body,
    });
    expect(await postCount({ authorId: ids.get("fazhan")! })).toBe(0);
  });

  it("a repeated submit keeps the first answer only", async () => {
    const again = await act("xueyuan", { intent: "post", body: answerOf("xueyuan", "第二次") });
    expect(again.status).toBe(302);
    expect(await postCount({ authorId: ids.get("xueyuan")!, parentId: null })).toBe(1);
  });
});

describe("replies", () => {
  it("before answering, a reply is refused, keeps the text, stores nothing and completes nothing", async () => {
    const result = await act("fazhan", { intent: "reply", parentId: postIds.get("xueyuan")!, body: "我同意你的看法。" });
    expect(refusal(result)).toEqual({
      status: 400,
      errors: { parentId: [{ key: "discussion.replyErrors.answer-first", params: {} }] },
      body: "我同意你的看法。",
    });
    expect(replyValue(result)).toMatchObject({ intent: "reply", parentId: postIds.get("xueyuan") });
    expect(await postCount({ authorId: ids.get("fazhan")! })).toBe(0);
    expect(await discussionDone("fazhan")).toBe(false);
  });

  it("after answering, a classmate's reply appears under the answer, for both of them", async () => {
    postIds.set("fazhan", await answer("fazhan"));
    const result = await act("fazhan", { intent: "reply", parentId: postIds.get("xueyuan")!, body: "说得好，*尤其是*第二点。" });
    expect(result.location).toBe(`${PATH}#discussion`);
    for (const viewer of ["xueyuan", "fazhan"]) {
      const thread = (await page(viewer)).posts.find((post) => post.id === postIds.get("xueyuan"));
      expect(thread?.replies.map((reply) => [reply.authorName, reply.html])).toEqual([["陈红", "<p>说得好，<em>尤其是</em>第二点。</p>"]]);
    }
    // Replies are not answers: the threads are still the two answers.
    expect((await page("xueyuan")).posts.map((post) => post.id)).toEqual([postIds.get("xueyuan"), postIds.get("fazhan")]);
  });

  it("reply length limits: refused with a clear reason and the text handed back", async () => {
    const parentId = postIds.get("xueyuan")!;
    const before = await postCount();
    const short = await act("fazhan", { intent: "reply", parentId, body: "好" });
    expect(refusal(short)).toEqual({
      status: 400,
      errors: { body: [{ key: "discussion.replyErrors.too-short", params: { min: 2, actual: 1 } }] },
      body: "好",
    });
    expect(replyValue(short)?.parentId).toBe(parentId);
    expect(refusal(await act("fazhan", { intent: "reply", parentId, body: "   " }))).toEqual({
      status: 400,
      errors: { body: [{ key: "discussion.replyErrors.empty", params: {} }] },
      body: "   ",
    });
    const long = "很".repeat(1001);
    expect(refusal(await act("fazhan", { intent: "reply", parentId, body: long }))).toEqual({
      status: 400,
      errors: { body: [{ key: "discussion.replyErrors.too-long", params: { max: 1000, actual: 1001 } }] },
      body: long,
    });
    expect(await postCount()).toBe(before);
  });

  it("one level only: a reply under a reply is refused", async () => {
    const reply = await (
      await m.getPrisma()
    ).discussionPost.findFirstOrThrow({ where: { lessonId, NOT: { parentId: null } }, select: { id: true } });
    const before = await postCount();
    expect(refusal(await act("xueyuan", { intent: "reply", parentId: reply.id, body: "谢谢你的回复。" }))).toMatchObject({
      status: 400,
      errors: { parentId: [{ key: "discussion.replyErrors.target-gone" }] },
      body: "谢谢你的回复。",
    });
    expect(await postCount()).toBe(before);
  });

  it("not under the answer of someone who is not a classmate, nor under a post that does not exist", async () => {
    postIds.set("yubei", await answer("yubei"));
    const before = await postCount();
    expect(refusal(await act("yubei", { intent: "reply", parentId: postIds.get("xueyuan")!, body: "我是第二支部的。" }))).toMatchObject({
      status: 400,
      errors: { parentId: [{ key: "discussion.replyErrors.target-gone" }] },
    });
    expect(refusal(await act("yubei", { intent: "reply", parentId: "no-such-post", body: "我是第二支部的。" }))).toMatchObject({
      status: 400,
      errors: { parentId: [{ key: "discussion.replyErrors.target-gone" }] },
    });
    expect(await postCount()).toBe(before);
  });

  it("replying does not complete the stage for someone whose answer is missing", async () => {
    // shenqing has the discussion open but has not answered: his reply is refused and his stage stays open.
    await openDiscussion("shenqing");
    await act("shenqing", { intent: "reply", parentId: postIds.get("xueyuan")!, body: "补充一点看法。" });
    expect(await discussionDone("shenqing")).toBe(false);
  });
});

describe("classmates: home branch plus training class", () => {
  beforeAll(async () => {
    for (const username of ["liudong", "mobile-own", "yangzhuang-home", "also-entrusted", "formerly-entrusted"])
      postIds.set(username, await answer(username));
  });

  it.each([
    // 第一党支部: each other, not 第二党支部.
    { viewer: "xueyuan", sees: ["刘小明", "陈红"], notSees: ["孙强", "吴建国"] },
    { viewer: "yubei", sees: ["孙强"], notSees: ["刘小明", "陈红"] },
    // Entrusted to the mobile branch: its own learners, the others it trains, and his home branch.
    { viewer: "liudong", sees: ["吴建国", "流动支部学员", "另一名委托学员", "杨庄村学员"], notSees: ["委托已结束学员", "刘小明"] },
    // The mobile branch's own learner: everyone it trains now, not their home branches.
    { viewer: "mobile-own", sees: ["吴建国", "另一名委托学员"], notSees: ["杨庄村学员", "委托已结束学员"] },
    // liudong's home branch: him, not his training class.
    { viewer: "yangzhuang-home", sees: ["吴建国"], notSees: ["流动支部学员", "另一名委托学员"] },
    // An ended entrustment: back to his home branch only.
    { viewer: "formerly-entrusted", sees: ["另一名委托学员", "委托已结束学员"], notSees: ["流动支部学员", "吴建国"] },
  ])("$viewer", async ({ viewer, sees, notSees }) => {
    const authors = authorsSeenIn(await page(viewer));
    for (const name of sees) expect(authors, `${viewer} should see ${name}`).toContain(name);
    for (const name of notSees) expect(authors, `${viewer} should not see ${name}`).not.toContain(name);
  });

  it("a learner of the training class replies to an entrusted classmate", async () => {
    const result = await act("mobile-own", { intent: "reply", parentId: postIds.get("liudong")!, body: "我们支部也是这样做的。" });
    expect(result.status).toBe(302);
    const thread = (await page("liudong")).posts.find((post) => post.id === postIds.get("liudong"));
    expect(thread?.replies.map((reply) => reply.authorName)).toEqual(["流动支部学员"]);
  });
});

function moderationRequest(username: string, fields?: Record<string, string>) {
  return routeRequest("/org/discussions", { cookie: cookies.get(username)!, fields });
}

async function hide(username: string, postId: string, reason: string): Promise<RouteAnswer> {
  return callRoute(m.moderationRoute.action, moderationRequest(username, { intent: "hide", postId, reason }));
}

describe("hiding a post", () => {
  it("the trainer's page lists his branch's posts, not another branch's", async () => {
    const data = (await callRoute(m.moderationRoute.loader, moderationRequest("peiyang"))).body as ModerationPage;
    const authors = data.posts.map((post) => post.author.name);
    expect(authors).toContain("刘小明");
    expect(authors).toContain("陈红");
    expect(authors).not.toContain("孙强");
    expect(authors).not.toContain("吴建国");
    expect(data.posts.find((post) => post.id === postIds.get("xueyuan"))?.html).not.toMatch(/<script|<img/i);
  });

  it("a reason is required, and not too long; the reason typed is handed back", async () => {
    const postId = postIds.get("xueyuan")!;
    const empty = await hide("peiyang", postId, "  ");
    expect(refusal(empty)).toEqual({
      status: 400,
      errors: { reason: [{ key: "discussion.moderation.errors.empty", params: {} }] },
      body: undefined,
      reason: "  ",
    });
    expect(replyValue(empty)?.postId).toBe(postId);
    const long = "因".repeat(201);
    expect(refusal(await hide("peiyang", postId, long))).toEqual({
      status: 400,
      errors: { reason: [{ key: "discussion.moderation.errors.too-long", params: { max: 200, actual: 201 } }] },
      body: undefined,
      reason: long,
    });
    const prisma = await m.getPrisma();
    expect((await prisma.discussionPost.findUniqueOrThrow({ where: { id: postId }, select: { hiddenAt: true } })).hiddenAt).toBeNull();
    expect(await prisma.auditLog.count({ where: { action: "discussion.hide" } })).toBe(0);
  });

  it("a trainer cannot hide a post of a learner outside his branch", async () => {
    const result = await hide("peiyang", postIds.get("yubei")!, "离题");
    expect(result.status).toBe(403);
    expect(
      (await (await m.getPrisma()).discussionPost.findUniqueOrThrow({ where: { id: postIds.get("yubei")! }, select: { hiddenAt: true } }))
        .hiddenAt,
    ).toBeNull();
  });

  it("hidden with a reason: audited with who, when, which post and why; gone for classmates; marked for the author", async () => {
    const postId = postIds.get("xueyuan")!;
    const before = new Date();
    const result = await hide("peiyang", postId, "  含有与讨论无关的链接  ");
    expect(result.location).toBe(`/org/discussions?hidden=${postId}#post-${postId}`);

    const prisma = await m.getPrisma();
    const audit = await prisma.auditLog.findMany({
      where: { action: "discussion.hide" },
      select: { actorId: true, entityType: true, entityId: true, detailsJson: true, createdAt: true, orgId: true },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: ids.get("peiyang"), entityType: "DiscussionPost", entityId: postId });
    expect(JSON.parse(audit[0]!.detailsJson)).toMatchObject({ reason: "含有与讨论无关的链接", authorId: ids.get("xueyuan"), lessonId });
    expect(audit[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const stored = await prisma.discussionPost.findUniqueOrThrow({
      where: { id: postId },
      select: { hiddenById: true, hiddenReason: true, hiddenAt: true },
    });
    expect(stored).toMatchObject({ hiddenById: ids.get("peiyang"), hiddenReason: "含有与讨论无关的链接" });

    // Gone for the classmate, with the replies beneath it.
    const classmate = await page("fazhan");
    expect(classmate.posts.map((post) => post.id)).not.toContain(postId);
    expect(JSON.stringify(classmate.posts)).not.toContain("说得好");
    // The author sees it, marked, with the reason.
    const own = (await page("xueyuan")).posts.find((post) => post.id === postId);
    expect(own).toMatchObject({ hidden: true, hiddenReason: "含有与讨论无关的链接" });
    // The moderation page shows it hidden, with no second hide.
    const data = (await callRoute(m.moderationRoute.loader, moderationRequest("peiyang"))).body as ModerationPage;
    expect(data.posts.find((post) => post.id === postId)?.hidden?.reason).toBe("含有与讨论无关的链接");
  });

  it("a hidden post takes no more replies, and cannot be hidden twice", async () => {
    const postId = postIds.get("xueyuan")!;
    const before = await postCount();
    expect(refusal(await act("fazhan", { intent: "reply", parentId: postId, body: "还能回复吗？" }))).toMatchObject({
      status: 400,
      errors: { parentId: [{ key: "discussion.replyErrors.target-gone" }] },
      body: "还能回复吗？",
    });
    expect(await postCount()).toBe(before);
    const twice = await hide("chengguan", postId, "重复操作");
    expect(refusal(twice)).toMatchObject({ status: 400, errors: { "": [{ key: "discussion.moderation.errors.already-hidden" }] } });
    expect(replyValue(twice)?.postId).toBe(postId);
    expect(await (await m.getPrisma()).auditLog.count({ where: { action: "discussion.hide" } })).toBe(1);
  });

  it("the township admin who runs the mobile branch hides an entrusted learner's post", async () => {
    const result = await hide("chengguan", postIds.get("liudong")!, "内容不当");
    expect(result.status).toBe(302);
    expect(authorsSeenIn(await page("mobile-own"))).not.toContain("吴建国");
    expect(authorsSeenIn(await page("yangzhuang-home"))).not.toContain("吴建国");
  });
});
