// 大字 and 朗读 preferences: saved for the signed-in person only, bad input
// named and nothing saved, and a form never sends anyone off the site.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, sessionCookieFor, setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";
import { callRoute, replyErrors, routeRequest, type RouteAnswer } from "../../tests/helpers/route-call.ts";

let app: AppEnvironment;
let cookie: string;
let userId: string;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  const prisma = await loadSampleData();
  cookie = await sessionCookieFor("yubei");
  userId = (await prisma.user.findFirstOrThrow({ where: { username: "yubei" }, select: { id: true } })).id;
});
afterAll(async () => {
  await app?.cleanup();
});

async function savedPreferences() {
  const { getPrisma } = await import("~/utils/db.server.ts");
  return (await getPrisma()).user.findUniqueOrThrow({ where: { id: userId }, select: { largeText: true, readAloud: true } });
}

async function setPreferences(largeText: boolean, readAloud: boolean) {
  const { updateDisplayPreferences } = await import("~/models/user.server.ts");
  await updateDisplayPreferences(userId, { largeText, readAloud });
}

async function post(fields: Record<string, string>, withCookie = true): Promise<RouteAnswer> {
  const { action } = await import("./me_.preferences.tsx");
  return callRoute(action, routeRequest("/me/preferences", { cookie: withCookie ? cookie : null, fields }));
}

describe("saving preferences", () => {
  it("with JavaScript (no redirectTo): saves and answers with a successful reply, no redirect", async () => {
    await setPreferences(false, false);
    const answer = await post({ largeText: "true" });
    expect(answer).toMatchObject({ status: 200, location: null, body: { status: "success" } });
    expect(replyErrors(answer)).toBeNull();
    expect(await savedPreferences()).toEqual({ largeText: true, readAloud: false });
  });

  it("one switch leaves the other as it was", async () => {
    await setPreferences(true, false);
    await post({ readAloud: "true" });
    expect(await savedPreferences()).toEqual({ largeText: true, readAloud: true });
    await post({ largeText: "false" });
    expect(await savedPreferences()).toEqual({ largeText: false, readAloud: true });
  });

  it("without JavaScript: saves and goes back to the same-site page it came from, anchor included", async () => {
    await setPreferences(false, false);
    const answer = await post({ largeText: "true", redirectTo: "/courses/fazhan-dangyuan/rudang-shenqing?x=1#display-settings" });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/courses/fazhan-dangyuan/rudang-shenqing?x=1#display-settings");
    expect(await savedPreferences()).toEqual({ largeText: true, readAloud: false });
  });
});

describe("bad input: a 400 naming the field, nothing saved", () => {
  it.each([
    { name: "a value that is not true/false", fields: { largeText: "yes" }, errors: { largeText: ["preferences.errors.largeText"] } },
    { name: "an empty value", fields: { readAloud: "" }, errors: { readAloud: ["preferences.errors.readAloud"] } },
    // "" is the form as a whole (Conform's form-level errors).
    { name: "no setting at all", fields: { redirectTo: "/me" }, errors: { "": ["preferences.errors.nothing"] } },
    { name: "nothing sent", fields: {}, errors: { "": ["preferences.errors.nothing"] } },
    {
      name: "one good and one bad field: the good one is not saved either",
      fields: { largeText: "true", readAloud: "1" },
      errors: { readAloud: ["preferences.errors.readAloud"] },
    },
  ])("$name", async ({ fields, errors }) => {
    await setPreferences(false, false);
    const answer = await post(fields as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(replyErrors(answer)).toEqual(errors);
    expect(await savedPreferences()).toEqual({ largeText: false, readAloud: false });
  });

  it("the messages exist in both languages and name the field", async () => {
    const zhCN = (await import("~/locales/zh-CN.ts")).default;
    const en = (await import("~/locales/en.ts")).default;
    expect(zhCN.preferences.errors.largeText).toContain("largeText");
    expect(en.preferences.errors.redirectTo).toContain("redirectTo");
  });
});

describe("open redirects are refused", () => {
  it.each([
    "https://evil.example/steal",
    "//evil.example/path",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "courses",
    "",
  ])("redirectTo %j → 400, not saved, no Location", async (redirectTo) => {
    await setPreferences(false, false);
    const answer = await post({ largeText: "true", redirectTo });
    expect(answer.status).toBe(400);
    expect(answer.location).toBeNull();
    expect(replyErrors(answer)).toEqual({ redirectTo: ["preferences.errors.redirectTo"] });
    expect(await savedPreferences()).toEqual({ largeText: false, readAloud: false });
  });
});

describe("only a signed-in person, for himself", () => {
  it("anonymous: sent to sign in, nothing saved", async () => {
    await setPreferences(false, false);
    const answer = await post({ largeText: "true" }, false);
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/login\?redirectTo=%2Fme%2Fpreferences/);
    expect(await savedPreferences()).toEqual({ largeText: false, readAloud: false });
  });

  it("another person's switch changes only his own row", async () => {
    await setPreferences(false, false);
    const { action } = await import("./me_.preferences.tsx");
    const other = await sessionCookieFor("fazhan");
    expect((await callRoute(action, routeRequest("/me/preferences", { cookie: other, fields: { largeText: "true" } }))).status).toBe(200);
    expect(await savedPreferences()).toEqual({ largeText: false, readAloud: false });
    const { getPrisma } = await import("~/utils/db.server.ts");
    expect(
      (await (await getPrisma()).user.findFirstOrThrow({ where: { username: "fazhan" }, select: { largeText: true } })).largeText,
    ).toBe(true);
  });

  it("the page a new sign-in gets carries the saved preference (root loader)", async () => {
    await setPreferences(true, true);
    const fresh = await sessionCookieFor("yubei");
    const { loader } = await import("../root.tsx");
    const data = (await callRoute(loader, routeRequest("/courses", { cookie: fresh }))).body as {
      user: { largeText: boolean; readAloud: boolean } | null;
    };
    expect(data.user).toMatchObject({ largeText: true, readAloud: true });
  });
});

describe("the language switch (set-locale)", () => {
  /** The language the answer's cookie sets. */
  async function chosenLocale(answer: RouteAnswer) {
    const { localeCookie } = await import("~/utils/i18next.server.ts");
    return localeCookie.parse(answer.response?.headers.get("Set-Cookie") ?? null);
  }

  async function switchTo(fields: Record<string, string>) {
    const { action } = await import("./set-locale.tsx");
    return callRoute(action, routeRequest("/set-locale", { fields }));
  }

  it("sets the chosen language and goes back to the same-site page", async () => {
    const answer = await switchTo({ locale: "en", redirectTo: "/courses?x=1" });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/courses?x=1");
    expect(await chosenLocale(answer)).toBe("en");
  });

  it.each([
    { name: "an unknown language falls back to Chinese", fields: { locale: "xx", redirectTo: "/me" }, locale: "zh-CN", location: "/me" },
    { name: "no language at all falls back to Chinese", fields: { redirectTo: "/me" }, locale: "zh-CN", location: "/me" },
    {
      name: "an off-site redirectTo goes home instead",
      fields: { locale: "en", redirectTo: "https://evil.example/" },
      locale: "en",
      location: "/",
    },
    {
      name: "a protocol-relative redirectTo goes home instead",
      fields: { locale: "en", redirectTo: "//evil.example" },
      locale: "en",
      location: "/",
    },
  ])("$name", async ({ fields, locale, location }) => {
    const answer = await switchTo(fields as Record<string, string>);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(location);
    expect(await chosenLocale(answer)).toBe(locale);
  });

  it("a repeated field is not a language: 400 naming it, no cookie", async () => {
    const { action } = await import("./set-locale.tsx");
    const answer = await callRoute(
      action,
      routeRequest("/set-locale", {
        fields: [
          ["locale", "en"],
          ["locale", "zh-CN"],
        ],
      }),
    );
    expect(answer.status).toBe(400);
    expect(Object.keys(replyErrors(answer) ?? {})).toEqual(["locale"]);
  });
});
