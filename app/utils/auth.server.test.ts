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
    expect(Boolean((await auth.login(identifier, password, "10.0.0.1")).session)).toBe(ok);
  });

  it("the cookie is httpOnly and signed, and names only a session id", async () => {
    const { session } = await auth.login("xueyuan", SAMPLE_PASSWORD, "10.0.0.1");
    const header = await auth.commitLoginSession(new Request("http://localhost/login"), session!);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).not.toContain("xueyuan");
  });
});

describe("wrong passwords", () => {
  async function auditOf(action: string, entityId: string) {
    const { getPrisma } = await import("./db.server.ts");
    return (await getPrisma()).auditLog.findMany({ where: { action, entityId }, select: { detailsJson: true } });
  }

  it("five in a row lock the account for 15 minutes, by its username and its phone alike: then the right password is refused too", async () => {
    const { getPrisma } = await import("./db.server.ts");
    const account = await (await getPrisma()).user.findUniqueOrThrow({ where: { username: "yubei" }, select: { id: true, phone: true } });
    const answers = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      // From five addresses, by name and by phone: the account's count is one.
      answers.push(await auth.login(attempt % 2 === 0 ? account.phone! : "yubei", `wrong-${attempt}`, `10.1.0.${attempt}`));
    }
    expect(answers.map((answer) => ("stop" in answer ? answer.stop : "signed in"))).toEqual([
      null,
      null,
      null,
      null,
      { reason: "account-locked", minutes: 15 },
    ]);
    for (let attempt = 0; attempt < 35; attempt += 1) {
      const answer = await auth.login("yubei", `wrong-again-${attempt}`, "10.1.1.1");
      expect(answer.session).toBeNull();
      expect("stop" in answer && answer.stop?.reason).toBe("account-locked");
    }
    const right = await auth.login("yubei", SAMPLE_PASSWORD, "10.1.1.2");
    expect(right).toEqual({ session: null, stop: { reason: "account-locked", minutes: 15 } });
    const audited = await auditOf("auth.account-locked", account.id);
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]!.detailsJson)).toMatchObject({ identifier: "yubei", address: "10.1.0.5", minutes: 15 });
  });

  it("fewer than five, then the right one: signed in, and the count starts again", async () => {
    for (const round of [1, 2]) {
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        expect(await auth.login("shenqing", `wrong-${round}-${attempt}`, "10.2.0.1")).toEqual({ session: null, stop: null });
      }
      expect((await auth.login("shenqing", SAMPLE_PASSWORD, "10.2.0.1")).session).not.toBeNull();
    }
  });

  it("a name that is no account is stopped the same way, so the answer tells no one which names exist", async () => {
    const answers = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) answers.push(await auth.login("no-such-person", "guess", "10.3.0.1"));
    expect(answers.map((answer) => ("stop" in answer ? (answer.stop?.reason ?? null) : "signed in"))).toEqual([
      null,
      null,
      null,
      null,
      "account-locked",
      "account-locked",
    ]);
  });

  it("one address with wrong passwords for many accounts waits, audited; other addresses and accounts go on", async () => {
    const { ADDRESS_FAILURES_ALLOWED } = await import("~/domain/sign-in-guard.ts");
    const answers = [];
    for (let attempt = 1; attempt <= ADDRESS_FAILURES_ALLOWED + 2; attempt += 1) {
      answers.push(await auth.login(`guess-${attempt}`, "guess", "10.4.0.1"));
    }
    expect(answers.slice(0, ADDRESS_FAILURES_ALLOWED).every((answer) => "stop" in answer && answer.stop === null)).toBe(true);
    expect(answers.slice(ADDRESS_FAILURES_ALLOWED).map((answer) => "stop" in answer && answer.stop?.reason)).toEqual([
      "address-limited",
      "address-limited",
    ]);
    // The right password from that address waits too; from another it signs in.
    expect((await auth.login("xueyuan", SAMPLE_PASSWORD, "10.4.0.1")).session).toBeNull();
    expect((await auth.login("xueyuan", SAMPLE_PASSWORD, "10.4.0.2")).session).not.toBeNull();
    expect(await auditOf("auth.address-limited", "10.4.0.1")).toHaveLength(1);
  });
});

describe("sessions", () => {
  it("an expired session sends the learner to sign in again, saying why", async () => {
    const { session } = await auth.login("xueyuan", SAMPLE_PASSWORD, "10.0.0.1");
    const { getPrisma } = await import("./db.server.ts");
    await (await getPrisma()).session.update({ where: { id: session!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await thrownBy(
      auth.requireUser(new Request("http://localhost/me", { headers: { Cookie: await cookieFor(session!) } })),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fme&reason=expired");
  });

  it("signing out revokes the session on the server, so a copied cookie stops working", async () => {
    const { session } = await auth.login("fazhan", SAMPLE_PASSWORD, "10.0.0.1");
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
