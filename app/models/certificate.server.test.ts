// 学时证明 on a real database: a certificate lists one year's entries, its link
// checks out until that year's hours change or the ledger is tampered with, and
// the check reveals only what the certificate states.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment, userIdsByUsername } from "../../tests/helpers/app-environment.ts";

let app: AppEnvironment;
const load = async () => ({
  ...(await import("./ledger.server.ts")),
  ...(await import("./certificate.server.ts")),
  ...(await import("~/domain/hours-certificate.ts")),
});
let m: Awaited<ReturnType<typeof load>>;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const ids = new Map<string, string>();
const ISSUED_AT = new Date("2026-12-20T02:00:00Z");

async function entry(username: string, key: string, classHours: number, occurredAt: string) {
  return (
    await m.appendLedgerEntry({
      userId: ids.get(username)!,
      category: "STATION_SESSION",
      classHours,
      source: `station-session:${key}`,
      idempotencyKey: key,
      occurredAt: new Date(occurredAt),
    })
  ).id;
}

async function issued(username: string, year = 2026) {
  const certificate = await m.issueCertificate(ids.get(username)!, year, ISSUED_AT);
  if (!certificate.ok) throw new Error("expected a certificate");
  return certificate;
}

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
});

afterAll(async () => app?.cleanup());

describe("issueCertificate", () => {
  it("lists the year's entries with totals and signs a link to them", async () => {
    await entry("xueyuan", "cert-2025", 3, "2025-06-01T02:00:00Z");
    const inYear = [
      await entry("xueyuan", "cert-2026-a", 2, "2026-03-01T02:00:00Z"),
      await entry("xueyuan", "cert-2026-b", 1.5, "2026-09-01T02:00:00Z"),
    ];
    const certificate = await issued("xueyuan");
    expect(certificate).toMatchObject({
      name: "刘小明",
      organization: "城关社区第一党支部",
      year: 2026,
      issuedOn: "2026-12-20",
      years: [2026, 2025],
    });
    expect(certificate.entries.map((row) => row.id)).toEqual(inYear);
    expect(certificate.summary).toMatchObject({ total: 3.5, byCategory: { STATION_SESSION: 3.5 } });
    expect(certificate.token).toMatch(new RegExp(`^1\\.${ids.get("xueyuan")}\\.2026\\.20261220\\.[0-9a-f]{64}\\.`));
  });

  it("lists the current year even for a learner with no hours at all", async () => {
    const certificate = await m.issueCertificate(ids.get("shenqing")!, 2026, ISSUED_AT);
    expect(certificate).toMatchObject({ ok: true, entries: [], summary: { total: 0 }, years: [2026] });
  });
});

describe("checkCertificate, as anyone opening the link", () => {
  it("valid, and states only the name, organization, year, issue date and hours", async () => {
    const { token } = await issued("xueyuan");
    const check = await m.checkCertificate(token);
    expect(check).toEqual({
      status: "VALID",
      name: "刘小明",
      organization: "城关社区第一党支部",
      year: 2026,
      issuedOn: "2026-12-20",
      stated: expect.objectContaining({ total: 3.5 }),
      laterEntries: 0,
    });
  });

  it("stays valid when the learner studies in the next year", async () => {
    const { token } = await issued("xueyuan");
    await entry("xueyuan", "cert-2027", 1, "2027-01-05T02:00:00Z");
    expect(await m.checkCertificate(token)).toMatchObject({ status: "VALID", stated: { total: 3.5 }, laterEntries: 1 });
  });

  it("changed once the year gains hours, with both the stated and the current hours", async () => {
    const { token } = await issued("xueyuan");
    await entry("xueyuan", "cert-2026-late", 0.5, "2026-12-30T02:00:00Z");
    expect(await m.checkCertificate(token)).toMatchObject({
      status: "CHANGED",
      reason: "NEW_ENTRIES",
      stated: { total: 3.5 },
      current: { total: 4 },
    });
  });

  it("changed when a row of the ledger was altered, and no hours are vouched for", async () => {
    await entry("fazhan", "cert-f-1", 2, "2026-05-01T02:00:00Z");
    const { token } = await issued("fazhan");
    await prisma.hoursLedgerEntry.updateMany({ where: { idempotencyKey: "cert-f-1" }, data: { classHours: 6 } });
    const check = await m.checkCertificate(token);
    expect(check).toMatchObject({ status: "CHANGED", reason: "BROKEN_CHAIN", name: "陈红" });
    expect(check).not.toHaveProperty("stated");
    // And no new certificate is issued on a broken chain.
    expect(await m.issueCertificate(ids.get("fazhan")!, 2026, ISSUED_AT)).toMatchObject({ ok: false, name: "陈红" });
  });

  it("invalid when the link was altered or signed with another key", async () => {
    const { token } = await issued("yubei");
    expect(await m.checkCertificate(token)).toMatchObject({ status: "VALID" });
    expect(await m.checkCertificate(token.replace(".2026.", ".2025."))).toEqual({ status: "INVALID" });
    expect(await m.checkCertificate(token.replace(ids.get("yubei")!, ids.get("xueyuan")!))).toEqual({ status: "INVALID" });
    const claim = { userId: ids.get("yubei")!, year: 2026, issuedOn: "2026-12-20", headHash: "0".repeat(64) };
    expect(await m.checkCertificate(m.signCertificate(claim, m.certificateKey("a-different-site-secret")))).toEqual({ status: "INVALID" });
    expect(await m.checkCertificate("not-a-token")).toEqual({ status: "INVALID" });
  });
});
