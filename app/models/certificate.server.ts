// 学时证明: issuing a learner's certificate for a year and checking one later.
// Nothing is stored: the signed link carries the claim (see app/domain/hours-certificate.ts).
import {
  assessCertificate,
  certificateKey,
  readCertificate,
  signCertificate,
  type CertificateAssessment,
} from "~/domain/hours-certificate.ts";
import { GENESIS_HASH, summarizeHours, verifyChain } from "~/domain/hours-ledger.ts";
import { entriesOfYear, studyYearOf } from "~/domain/study-targets.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { sessionSecret } from "~/utils/env.server.ts";
import { describeEntries } from "./learner-record.server.ts";
import { ledgerChain, listLedgerEntries } from "./ledger.server.ts";
import { beijingDate, beijingYear } from "~/domain/calendar.ts";

let key: Buffer | undefined;
/** Derived once per process from the session secret (SESSION_SECRET or the data folder's). */
function signingKey(): Buffer {
  key ??= certificateKey(sessionSecret());
  return key;
}

/** Only what a certificate states about the person: his name and his organization. */
async function certificateHolder(userId: string) {
  const prisma = await getPrisma();
  return prisma.user.findUnique({ where: { id: userId }, select: { name: true, homeOrg: { select: { name: true } } } });
}

export async function issueCertificate(userId: string, year: number, now = new Date()) {
  const [holder, entries] = await Promise.all([certificateHolder(userId), listLedgerEntries(userId)]);
  if (!holder) throw new Response("Not found", { status: 404 });
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  // The years he may choose from: this one, the one asked for, and every year with hours.
  const years = [...new Set([beijingYear(now), year, ...entries.map((entry) => studyYearOf(entry, byId))])].sort((a, b) => b - a);
  const base = { name: holder.name, organization: holder.homeOrg?.name ?? "", year, years };
  // A certificate over a chain that does not verify would be "changed" the
  // moment it is printed: refuse, and send the learner to his organization.
  const broken = verifyChain(entries);
  if (broken) return { ...base, ok: false as const };
  const ofYear = new Set(entriesOfYear(entries, year).map((entry) => entry.id));
  const described = describeEntries(entries).filter((entry) => ofYear.has(entry.id));
  const issuedOn = beijingDate(now);
  const headHash = entries[entries.length - 1]?.hash ?? GENESIS_HASH;
  return {
    ...base,
    ok: true as const,
    issuedOn,
    entries: described,
    summary: summarizeHours(described),
    token: signCertificate({ userId, year, issuedOn, headHash }, signingKey()),
  };
}

export type CertificateCheck =
  { status: "INVALID" } | ({ name: string; organization: string; year: number; issuedOn: string } & CertificateAssessment);

/** What the public verification page may say about a link: the certificate's own statements and their state now. */
export async function checkCertificate(token: string): Promise<CertificateCheck> {
  const reading = readCertificate(token, signingKey());
  if (!reading.ok) return { status: "INVALID" };
  const { claim } = reading;
  const [holder, chain] = await Promise.all([certificateHolder(claim.userId), ledgerChain(claim.userId)]);
  // Signed by us but for someone no longer here: nothing left to vouch for.
  if (!holder) return { status: "INVALID" };
  return {
    name: holder.name,
    organization: holder.homeOrg?.name ?? "",
    year: claim.year,
    issuedOn: claim.issuedOn,
    ...assessCertificate(claim, chain),
  };
}
