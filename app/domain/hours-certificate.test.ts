import { describe, expect, it } from "vitest";
import { assessCertificate, certificateKey, readCertificate, signCertificate, type CertificateClaim } from "./hours-certificate.ts";
import { chainNext, GENESIS_HASH, type ChainedEntry, type LedgerFacts } from "./hours-ledger.ts";

const key = certificateKey("a-site-secret-of-enough-length");

function append(
  chain: ChainedEntry[],
  id: string,
  occurredAt: string,
  classHours: number,
  extra: Partial<LedgerFacts> = {},
): ChainedEntry[] {
  const facts = {
    userId: "u1",
    category: "ONLINE_STUDY" as const,
    classHours,
    source: `lesson:c/${id}`,
    idempotencyKey: `k-${id}`,
    correctsEntryId: null,
    occurredAt: new Date(occurredAt),
    ...extra,
  };
  return [...chain, { id, ...chainNext(chain[chain.length - 1], facts) }];
}

const at2025 = append(append([], "a", "2025-05-01T02:00:00Z", 1), "b", "2025-09-01T02:00:00Z", 2);
const claim2025: CertificateClaim = { userId: "u1", year: 2025, issuedOn: "2026-01-05", headHash: at2025[1]!.hash };

describe("the signed link", () => {
  it("reads back what was signed", () => {
    const token = signCertificate(claim2025, key);
    expect(token).toMatch(/^1\.u1\.2025\.20260105\.[0-9a-f]{64}\.[A-Za-z0-9_-]{43}$/);
    expect(readCertificate(token, key)).toEqual({ ok: true, claim: claim2025 });
  });

  const token = signCertificate(claim2025, key);
  const cases: { name: string; token: string; problem: "malformed" | "signature" }[] = [
    { name: "another year", token: token.replace(".2025.", ".2024."), problem: "signature" },
    { name: "another learner", token: token.replace("1.u1.", "1.u2."), problem: "signature" },
    { name: "another issue date", token: token.replace(".20260105.", ".20260106."), problem: "signature" },
    { name: "another head", token: token.replace(claim2025.headHash, GENESIS_HASH), problem: "signature" },
    { name: "signed with another key", token: signCertificate(claim2025, certificateKey("another-site-secret")), problem: "signature" },
    { name: "a changed signature", token: `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, problem: "signature" },
    { name: "cut short", token: token.slice(0, -5), problem: "malformed" },
    { name: "an unknown version", token: `2${token.slice(1)}`, problem: "malformed" },
    { name: "nonsense", token: "hello", problem: "malformed" },
    { name: "empty", token: "", problem: "malformed" },
  ];
  it.each(cases)("refuses $name", ({ token: given, problem }) => {
    expect(readCertificate(given, key)).toEqual({ ok: false, problem });
  });

  it("will not sign what it could not read back", () => {
    expect(() => signCertificate({ ...claim2025, userId: "u.1" }, key)).toThrow();
    expect(() => signCertificate({ ...claim2025, headHash: "abc" }, key)).toThrow();
  });
});

describe("assessCertificate against the chain as it is now", () => {
  it("valid when nothing was added", () => {
    expect(assessCertificate(claim2025, at2025)).toEqual({
      status: "VALID",
      stated: expect.objectContaining({ total: 3 }),
      laterEntries: 0,
    });
  });

  it("still valid when the learner has studied in a later year", () => {
    const later = append(at2025, "c", "2026-02-01T02:00:00Z", 0.5);
    expect(assessCertificate(claim2025, later)).toMatchObject({ status: "VALID", stated: { total: 3 }, laterEntries: 1 });
  });

  it("changed when the year gained an entry", () => {
    const more = append(at2025, "c", "2025-12-01T02:00:00Z", 0.5);
    expect(assessCertificate(claim2025, more)).toMatchObject({
      status: "CHANGED",
      reason: "NEW_ENTRIES",
      stated: { total: 3 },
      current: { total: 3.5 },
    });
  });

  it("changed when an entry of the year was corrected later, even in the next year", () => {
    const corrected = append(at2025, "c", "2026-03-01T02:00:00Z", -1, { category: "CORRECTION", correctsEntryId: "b" });
    expect(assessCertificate(claim2025, corrected)).toMatchObject({ status: "CHANGED", reason: "NEW_ENTRIES", current: { total: 2 } });
  });

  it("changed when a row was altered", () => {
    const tampered = at2025.map((entry) => (entry.id === "a" ? { ...entry, classHours: 8 } : entry));
    expect(assessCertificate(claim2025, tampered)).toEqual({ status: "CHANGED", reason: "BROKEN_CHAIN" });
  });

  it("changed when the whole chain was rewritten consistently, so the head it was issued on is gone", () => {
    const rewritten = append(append([], "a", "2025-05-01T02:00:00Z", 1), "b", "2025-09-01T02:00:00Z", 5);
    expect(rewritten[1]!.hash).not.toBe(claim2025.headHash);
    expect(assessCertificate(claim2025, rewritten)).toEqual({ status: "CHANGED", reason: "HEAD_MISSING" });
  });

  it("a certificate of no hours, issued before the first entry, stays valid for another year", () => {
    const empty: CertificateClaim = { userId: "u1", year: 2024, issuedOn: "2024-12-30", headHash: GENESIS_HASH };
    expect(assessCertificate(empty, at2025)).toMatchObject({ status: "VALID", stated: { total: 0 }, laterEntries: 2 });
    expect(assessCertificate({ ...empty, year: 2025 }, at2025)).toMatchObject({ status: "CHANGED", reason: "NEW_ENTRIES" });
  });
});
