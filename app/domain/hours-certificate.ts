// 学时证明: a printed statement of one learner's hours for one year, with a link
// anyone can open to check it against the ledger as it is now. Nothing is
// stored when a certificate is issued: the link itself carries what it claims,
// signed, and the chain head it was issued on identifies exactly which entries
// it covered.
import { createHmac, timingSafeEqual } from "node:crypto";
import { GENESIS_HASH, summarizeHours, verifyChain, type ChainedEntry, type HoursSummary } from "./hours-ledger.ts";
import { entriesOfYear } from "./study-targets.ts";

export type CertificateClaim = {
  userId: string;
  year: number;
  /** Issue date, YYYY-MM-DD (Beijing). */
  issuedOn: string;
  /** Hash of the learner's last ledger entry when issued (GENESIS_HASH when he had none). */
  headHash: string;
};

const VERSION = "1";
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^1\.([A-Za-z0-9_-]{1,64})\.(\d{4})\.(\d{4})(\d{2})(\d{2})\.([0-9a-f]{64})\.([A-Za-z0-9_-]{43})$/;

/**
 * The signing key, derived from the site's secret with a purpose label: a
 * certificate signature can never be mistaken for a session-cookie signature,
 * and the secret itself is never used directly.
 */
export function certificateKey(siteSecret: string): Buffer {
  return createHmac("sha256", siteSecret).update("sihuan/hours-certificate/v1").digest();
}

function signedPart(claim: CertificateClaim): string {
  return [VERSION, claim.userId, String(claim.year), claim.issuedOn.replaceAll("-", ""), claim.headHash].join(".");
}

function mac(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

/** `1.<userId>.<year>.<YYYYMMDD>.<head hash>.<HMAC-SHA256, base64url>`: URL-safe as it is. */
export function signCertificate(claim: CertificateClaim, key: Buffer): string {
  if (
    !USER_ID.test(claim.userId) ||
    !/^\d{4}$/.test(String(claim.year)) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(claim.issuedOn) ||
    !/^[0-9a-f]{64}$/.test(claim.headHash)
  ) {
    throw new Error(`cannot sign a certificate for ${JSON.stringify(claim)}`);
  }
  const text = signedPart(claim);
  return `${text}.${mac(key, text)}`;
}

export type CertificateReading = { ok: true; claim: CertificateClaim } | { ok: false; problem: "malformed" | "signature" };

export function readCertificate(token: string, key: Buffer): CertificateReading {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, problem: "malformed" };
  const [, userId, year, yyyy, mm, dd, headHash, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const claim: CertificateClaim = { userId, year: Number(year), issuedOn: `${yyyy}-${mm}-${dd}`, headHash };
  const expected = Buffer.from(mac(key, signedPart(claim)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: "signature" };
  return { ok: true, claim };
}

export type CertificateAssessment =
  /** The year's entries are exactly those the certificate was issued on. */
  | { status: "VALID"; stated: HoursSummary; laterEntries: number }
  /** The year has gained or lost entries since (new hours, or a correction). */
  | { status: "CHANGED"; reason: "NEW_ENTRIES"; stated: HoursSummary; current: HoursSummary }
  /** The ledger no longer proves anything: a row was altered, or the entry the certificate was issued on is gone. */
  | { status: "CHANGED"; reason: "BROKEN_CHAIN" | "HEAD_MISSING" };

/**
 * Re-checks a correctly signed certificate against the learner's chain as it is
 * now (every entry, in sequence order). The chain up to the head it names is
 * what the certificate stated; entries after it matter only if they count in
 * the certificate's year, so studying in the following year does not spoil
 * last year's certificate.
 */
export function assessCertificate(claim: CertificateClaim, chain: readonly ChainedEntry[]): CertificateAssessment {
  if (verifyChain(chain)) return { status: "CHANGED", reason: "BROKEN_CHAIN" };
  const headIndex = claim.headHash === GENESIS_HASH ? -1 : chain.findIndex((entry) => entry.hash === claim.headHash);
  if (headIndex === -1 && claim.headHash !== GENESIS_HASH) return { status: "CHANGED", reason: "HEAD_MISSING" };
  const statedEntries = entriesOfYear(chain.slice(0, headIndex + 1), claim.year);
  const currentEntries = entriesOfYear(chain, claim.year);
  const stated = summarizeHours(statedEntries);
  if (currentEntries.length !== statedEntries.length) {
    return { status: "CHANGED", reason: "NEW_ENTRIES", stated, current: summarizeHours(currentEntries) };
  }
  return { status: "VALID", stated, laterEntries: chain.length - (headIndex + 1) };
}
