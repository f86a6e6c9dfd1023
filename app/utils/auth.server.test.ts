import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAppEnvironment, type AppEnvironment } from "../../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let auth: typeof import("./auth.server.ts");
let SAMPLE_PASSWORD: string;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  const { seed } = await import("../../prisma/seed.ts");
  await seed();
  auth = await import("./auth.server.ts");
  ({ SAMPLE_PASSWORD } = await import("../../prisma/sample-data.ts"));
});
afterAll(async () => app?.cleanup());

async function cookieFor(session: { id: string; expiresAt: Date }) {
  return (await auth.commitLoginSession(new Request("http://localhost/login"), session)).split(";")[0]!;
}

async function thrownBy(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown response");
}

describe("sign-in", () => {
  it.each([
    { identifier: "xueyuan", password: "sihuan2026", ok: true },
    { identifier: "13800000001", password: "sihuan2026", ok: true },
    { identifier: "xueyuan", password: "wrong", ok: false },
    { identifier: "nobody", password: "sihuan2026", ok: false },
    { identifier: "", password: "", ok: false },
  ])("$identifier / $password → $ok", async ({ identifier, password, ok }) => {
    expect(SAMPLE_PASSWORD).toBe("sihuan2026");
    expect(Boolean(await auth.login(identifier, password))).toBe(ok);
  });

  it("the cookie is httpOnly and signed, and names only a session id", async () => {
    const session = await auth.login("xueyuan", SAMPLE_PASSWORD);
    const header = await auth.commitLoginSession(new Request("http://localhost/login"), session!);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).not.toContain("xueyuan");
  });
});

describe("sessions", () => {
  it("an expired session sends the learner to sign in again, saying why", async () => {
    const session = await auth.login("xueyuan", SAMPLE_PASSWORD);
    const { getPrisma } = await import("./db.server.ts");
    await (await getPrisma()).session.update({ where: { id: session!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await thrownBy(
      auth.requireUser(new Request("http://localhost/me", { headers: { Cookie: await cookieFor(session!) } })),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fme&reason=expired");
  });

  it("signing out revokes the session on the server, so a copied cookie stops working", async () => {
    const session = await auth.login("fazhan", SAMPLE_PASSWORD);
    const cookie = await cookieFor(session!);
    const signedIn = await auth.requireUser(new Request("http://localhost/me", { headers: { Cookie: cookie } }));
    expect(signedIn.username).toBe("fazhan");
    await auth.logout(new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } }));
    const response = await thrownBy(auth.requireUser(new Request("http://localhost/me", { headers: { Cookie: cookie } })));
    expect(response.headers.get("Location")).toContain("/login");
  });

  it("a forged cookie counts as no session", async () => {
    const response = await thrownBy(auth.requireUser(new Request("http://localhost/me", { headers: { Cookie: "sihuan_session=forged" } })));
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fme");
  });

  it.each([
    ["/courses/x", "/courses/x"],
    ["//evil.example", "/courses"],
    ["https://evil.example", "/courses"],
    ["/\\evil.example", "/courses"],
    ["/\t/evil.example", "/courses"],
    ["/\n/evil.example", "/courses"],
    [null, "/courses"],
  ])("safeRedirect(%s) → %s", (to, expected) => {
    expect(auth.safeRedirect(to)).toBe(expected);
  });
});
