// 中心片库 sharing on a real database: a course 河西乡党委 owns, shared with its
// subtree, is in the catalog of 河西村's members and 河西乡's staff, not of
// 城关镇's or of the county above; its lesson page is a 404 to those who may not
// see it; 河西村's station may plan it; shared with 河西乡 alone, 河西村 and its
// station lose it. 河西乡's admin changes the sharing in the browser (audited);
// 城关镇's admin may not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { callRoute, replyMessages, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
let courseId: string;
let lessonId: string;
const COURSE = "dangzhang-jichu";
const LESSON = { courseSlug: COURSE, lessonSlug: "yiwu-quanli" };
const LESSON_PATH = `/courses/${COURSE}/yiwu-quanli`;
const PLAN = "/org/stations/hexi-station/plan";

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  const hexi = await prisma.organization.findUniqueOrThrow({ where: { code: "hexi" }, select: { id: true } });
  courseId = (
    await prisma.course.update({ where: { slug: COURSE }, data: { ownerOrgId: hexi.id, sharing: "SUBTREE" }, select: { id: true } })
  ).id;
  lessonId = (await prisma.lesson.findFirstOrThrow({ where: { slug: LESSON.lessonSlug }, select: { id: true } })).id;
});

afterAll(async () => app?.cleanup());

const as = async (username: string, path: string, fields?: Record<string, string>) =>
  routeRequest(path, { cookie: await sessionCookieFor(username), fields });

async function catalogCourses(username: string): Promise<string[]> {
  const route = await import("./courses+/_index.tsx");
  const answer = await callRoute(route.loader, await as(username, "/courses"));
  expect(answer.status).toBe(200);
  return (answer.body as { courses: { slug: string }[] }).courses.map((course) => course.slug);
}

async function lessonStatus(username: string): Promise<number> {
  const route = await import("./courses+/$courseSlug.$lessonSlug.tsx");
  return (await callRoute(route.loader, await as(username, LESSON_PATH), LESSON)).status;
}

async function planLessons(): Promise<string[]> {
  const route = await import("./org+/stations.$code.plan.tsx");
  const answer = await callRoute(route.loader, await as("zhandian", PLAN), { code: "hexi-station" });
  return (answer.body as { lessons: { id: string }[] }).lessons.map((lesson) => lesson.id);
}

async function share(username: string, sharing: string) {
  const route = await import("./org+/library.tsx");
  return callRoute(route.action, await as(username, "/org/library", { courseId, sharing }));
}

describe("a course 河西乡党委 shares with its subtree", () => {
  it.each([
    { username: "shenqing", who: "a member of 河西村 (below the owner)", sees: true },
    { username: "zhandian", who: "河西村's station operator", sees: true },
    { username: "hexi", who: "河西乡's admin (the owner's staff)", sees: true },
    { username: "xueyuan", who: "a member of 城关镇's branch", sees: false },
    { username: "xianwei", who: "the county admin (above the owner)", sees: false },
  ])("$who: in the catalog $sees, the lesson page 200 or 404", async ({ username, sees }) => {
    expect((await catalogCourses(username)).includes(COURSE)).toBe(sees);
    // The central library's course stays everyone's.
    expect(await catalogCourses(username)).toContain("fazhan-dangyuan");
    expect(await lessonStatus(username)).toBe(sees ? 200 : 404);
    // Nor may he record a step of a lesson he cannot see.
    if (!sees) {
      const route = await import("./courses+/$courseSlug.$lessonSlug.tsx");
      expect((await callRoute(route.action, await as(username, LESSON_PATH, { intent: "prepare" }), LESSON)).status).toBe(404);
    }
  });

  it("is offered by 河西村's station plan", async () => {
    expect(await planLessons()).toContain(lessonId);
  });
});

describe("changing the sharing (片库管理)", () => {
  it("lists the course for 河西乡's admin and the county's, not for 城关镇's", async () => {
    const route = await import("./org+/library.tsx");
    const listed = async (username: string) =>
      ((await callRoute(route.loader, await as(username, "/org/library"))).body as { courses: { id: string }[] }).courses.map(
        (course) => course.id,
      );
    expect(await listed("hexi")).toEqual([courseId]);
    expect(await listed("xianwei")).toEqual([courseId]);
    expect(await listed("chengguan")).toEqual([]);
  });

  it("refuses 城关镇's admin and changes nothing", async () => {
    expect((await share("chengguan", "ALL")).status).toBe(403);
    expect(await prisma.course.findUniqueOrThrow({ where: { id: courseId }, select: { sharing: true } })).toEqual({ sharing: "SUBTREE" });
  });

  it("refuses a choice outside the three, on its field", async () => {
    const answer = await share("hexi", "EVERYONE");
    expect(answer.status).toBe(400);
    expect(replyMessages(answer)).toEqual({ sharing: [{ key: "catalog.library.problems.sharing", params: {} }] });
  });

  it("河西乡's admin keeps it to 河西乡: audited, and 河西村 and its station lose it (404, not offered, not plannable)", async () => {
    const hexiAdmin = await prisma.user.findUniqueOrThrow({ where: { username: "hexi" }, select: { id: true } });
    const answer = await share("hexi", "OWN");
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/org/library?saved=${courseId}`);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "course.sharing", entityId: courseId } });
    expect(audit.actorId).toBe(hexiAdmin.id);
    expect(JSON.parse(audit.detailsJson)).toEqual({ slug: COURSE, from: "SUBTREE", to: "OWN" });

    expect(await catalogCourses("shenqing")).not.toContain(COURSE);
    expect(await lessonStatus("shenqing")).toBe(404);
    expect(await lessonStatus("hexi")).toBe(200);
    expect(await planLessons()).not.toContain(lessonId);
    const plan = await import("./org+/stations.$code.plan.tsx");
    const fields = { intent: "add", lessonId, kind: "digit", days: "6", time: "19:30", mode: "CENTRALIZED", venue: "FIXED", place: "" };
    const refused = await callRoute(plan.action, await as("zhandian", PLAN, fields), { code: "hexi-station" });
    expect(refused.status).toBe(400);
    expect(replyMessages(refused)).toEqual({ lessonId: [{ key: "station.planProblems.lesson", params: {} }] });

    // Saving the same choice again writes no second entry.
    expect((await share("hexi", "OWN")).status).toBe(302);
    expect(await prisma.auditLog.count({ where: { action: "course.sharing", entityId: courseId } })).toBe(1);
  });

  it("shared with every organization, the other township's members see it again", async () => {
    expect((await share("xianwei", "ALL")).status).toBe(302);
    expect(await catalogCourses("xueyuan")).toContain(COURSE);
    expect(await lessonStatus("xueyuan")).toBe(200);
  });
});
