// Passwords in the browser (issue #12): an admin of a person's own
// organization gives him a one-time password (after ticking that he checked
// who asks; audited; his sessions end); signing in with it leads to 修改密码,
// and every other page sends him back there until he has set his own, which
// must pass the policy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_PASSWORD } from "../../prisma/sample-data.ts";
import {
  loadSampleData,
  sessionCookieFor,
  setUpAppEnvironment,
  userIdsByUsername,
  type AppEnvironment,
} from "../../tests/helpers/app-environment.ts";
import { callRoute, replyErrors, routeRequest } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const ids = new Map<string, string>();

beforeAll(async () => {
  app = await setUpAppEnvironment();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
});
afterAll(async () => app?.cleanup());

async function issue(adminCookie: string, person: string, fields: Record<string, string>) {
  const route = await import("./org+/learners.$userId_.password.tsx");
  const userId = ids.get(person)!;
  return callRoute(route.action, routeRequest(`/org/learners/${userId}/password`, { cookie: adminCookie, fields }), { userId });
}

async function signIn(identifier: string, password: string) {
  const route = await import("./login.tsx");
  const answer = await callRoute(route.action, routeRequest("/login", { fields: { identifier, password, redirectTo: "/me" } }));
  const cookie = answer.response?.headers.get("Set-Cookie")?.split(";")[0] ?? null;
  return { answer, cookie };
}

async function changePassword(cookie: string, fields: Record<string, string>) {
  const route = await import("./me_.password.tsx");
  return callRoute(route.action, routeRequest("/me/password", { cookie, fields }));
}

describe("a one-time password", () => {
  it("is given only after the admin says he checked who asks, only by an admin of the person's own organization", async () => {
    const chengguan = await sessionCookieFor("chengguan");
    const unticked = await issue(chengguan, "xueyuan", {});
    expect(unticked.status).toBe(400);
    expect(replyErrors(unticked)).toEqual({
      identityChecked: ["oneTimePassword.errors.identityChecked"],
    });
    // The branch's trainer is no admin; 城关镇 trains 吴建国 but his home is 杨庄村 of 河西乡.
    expect((await issue(await sessionCookieFor("peiyang"), "xueyuan", { identityChecked: "on" })).status).toBe(403);
    expect((await issue(chengguan, "liudong", { identityChecked: "on" })).status).toBe(403);
    expect(await prisma.auditLog.count({ where: { action: "account.one-time-password" } })).toBe(0);
  });

  it("replaces the password and ends his sessions; signing in with it leads to 修改密码 and nowhere else until he sets his own", async () => {
    const before = await sessionCookieFor("xueyuan");
    const issued = await issue(await sessionCookieFor("chengguan"), "xueyuan", { identityChecked: "on" });
    expect(issued.status).toBe(200);
    const oneTime = (issued.body as { oneTimePassword: string }).oneTimePassword;
    expect(oneTime).toMatch(/^[a-z2-9]{10}$/);
    expect(await prisma.auditLog.count({ where: { action: "account.one-time-password", entityId: ids.get("xueyuan") } })).toBe(1);

    const courses = await import("./courses+/_index.tsx");
    // The session he had is gone, and so is his old password.
    expect((await callRoute(courses.loader, routeRequest("/courses", { cookie: before }))).location).toMatch(/^\/login/);
    expect((await signIn("xueyuan", SAMPLE_PASSWORD)).answer.status).toBe(400);

    const { answer, cookie } = await signIn("xueyuan", oneTime);
    expect(answer.location).toBe("/me/password");
    expect((await callRoute(courses.loader, routeRequest("/courses", { cookie }))).location).toBe("/me/password");
    const page = await import("./me_.password.tsx");
    expect((await callRoute(page.loader, routeRequest("/me/password", { cookie }))).body).toEqual({ oneTime: true, changed: false });

    const refused = async (fields: Record<string, string>) => replyErrors(await changePassword(cookie!, fields));
    expect(await refused({ current: "not-it", next: "hd7#kLq2xx", repeat: "hd7#kLq2xx" })).toEqual({
      current: ["password.errors.currentWrong"],
    });
    expect(await refused({ current: oneTime, next: "12345678", repeat: "12345678" })).toEqual({ next: ["password.errors.too-common"] });
    expect(await refused({ current: oneTime, next: "xueyuan2", repeat: "xueyuan2" })).toEqual({ next: ["password.errors.too-common"] });
    expect(await refused({ current: oneTime, next: "short", repeat: "short" })).toEqual({ next: ["password.errors.too-short"] });
    expect(await refused({ current: oneTime, next: "hd7#kLq2xx", repeat: "hd7#kLq2xy" })).toEqual({ repeat: ["password.errors.mismatch"] });

    const changed = await changePassword(cookie!, { current: oneTime, next: "河西村 春耕 2026", repeat: "河西村 春耕 2026" });
    expect(changed.location).toBe("/me/password?changed=1");
    expect((await callRoute(courses.loader, routeRequest("/courses", { cookie }))).status).toBe(200);
    expect((await signIn("xueyuan", oneTime)).answer.status).toBe(400);
    expect((await signIn("xueyuan", "河西村 春耕 2026")).answer.location).toBe("/me");
    expect(await prisma.auditLog.count({ where: { action: "account.password-changed", actorId: ids.get("xueyuan") } })).toBe(1);
  });
});
