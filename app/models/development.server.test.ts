// Recording the path to membership on a real database: each step lands with its
// audit entry and moves the stage; a refused step writes nothing; the engine
// judges the person from what was recorded, under his organization's policy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleData, setUpAppEnvironment, type AppEnvironment, userIdsByUsername } from "../../tests/helpers/app-environment.ts";
import { parseRecord, type RecordKind } from "~/domain/development/records.ts";

let app: AppEnvironment;
const load = async () => ({
  ...(await import("./development.server.ts")),
  ...(await import("./eligibility.server.ts")),
});
let m: Awaited<ReturnType<typeof load>>;
let prisma: Awaited<ReturnType<typeof loadSampleData>>;
const ids = new Map<string, string>();
const TODAY = new Date("2026-11-23T00:00:00Z");

beforeAll(async () => {
  app = await setUpAppEnvironment();
  m = await load();
  prisma = await loadSampleData();
  for (const [username, id] of await userIdsByUsername()) ids.set(username, id);
});

afterAll(async () => {
  await app.cleanup();
});

/** A new person in the sample branch, not yet on the path. */
async function newPerson(username: string) {
  const branch = await prisma.user.findUniqueOrThrow({ where: { username: "xueyuan" }, select: { homeOrgId: true } });
  const person = await prisma.user.create({
    data: { username, name: username, homeOrgId: branch.homeOrgId, birthDate: new Date("1999-05-01T00:00:00Z") },
  });
  return person.id;
}

/** A step as its form sends it: parsed by the kind's schema, then recorded (a form that does not parse is refused like a record). */
async function record(userId: string, kind: RecordKind, form: Record<string, unknown>, today = TODAY) {
  const parsed = parseRecord(kind, form);
  if (!parsed.ok) return parsed;
  return m.recordStep({ recorderId: ids.get("peiyang")!, userId, record: parsed.record, today });
}

describe("recording the path to membership", () => {
  it("records each step with who recorded it, moves the stage, and judges from the records", async () => {
    const person = await newPerson("dev-walk-1");
    expect(await record(person, "APPLICATION_SUBMITTED", { occurredOn: "2024-09-01" })).toMatchObject({ ok: true });
    expect(await record(person, "APPLICATION_TALK", { occurredOn: "2024-09-15" })).toMatchObject({ ok: true });
    expect(await record(person, "RECOMMENDATION", { occurredOn: "2024-10-01", source: "YOUTH_LEAGUE" })).toMatchObject({ ok: true });
    expect(await m.judgePerson(person, TODAY)).toMatchObject({ nextStage: "ACTIVIST", status: "ELIGIBLE" });

    expect(await record(person, "ACTIVIST_CONFIRMED", { occurredOn: "2024-11-01", tier: "THIS_YEAR" })).toMatchObject({ ok: true });
    const moved = await prisma.user.findUniqueOrThrow({
      where: { id: person },
      select: { stage: true, stageSince: true, activistTier: true },
    });
    expect(moved).toEqual({ stage: "ACTIVIST", stageSince: new Date("2024-11-01T00:00:00Z"), activistTier: "THIS_YEAR" });

    const audit = await prisma.auditLog.findMany({ where: { entityType: "User", entityId: person }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual([
      "development.application_submitted",
      "development.application_talk",
      "development.recommendation",
      "development.activist_confirmed",
    ]);
    expect(audit.every((entry) => entry.actorId === ids.get("peiyang"))).toBe(true);

    // 24 months of cultivation, nothing else recorded yet: the reasons name what is missing.
    const verdict = await m.judgePerson(person, TODAY);
    expect(verdict?.nextStage).toBe("DEVELOPMENT_TARGET");
    expect(verdict?.reasons.map((reason) => reason.rule)).toEqual([
      "cultivation-contacts",
      "half-yearly-assessment",
      "thought-reports",
      "opinions-heard",
    ]);

    const contact = ids.get("peiyang")!;
    expect(await record(person, "CONTACT_ASSIGNED", { occurredOn: "2024-11-05", contactId: contact })).toMatchObject({ ok: true });
    for (const on of ["2025-05-01", "2025-11-01", "2026-05-01", "2026-11-01"]) {
      expect(await record(person, "ASSESSMENT", { occurredOn: on, passed: "on" })).toMatchObject({ ok: true });
    }
    expect(await record(person, "OPINIONS_HEARD", { occurredOn: "2026-11-10" })).toMatchObject({ ok: true });
    for (let quarter = 0; quarter < 8; quarter += 1) {
      await prisma.thoughtReport.create({
        data: { userId: person, body: "思想汇报", submittedAt: new Date(Date.UTC(2024, 11 + quarter * 3, 20)) },
      });
    }
    expect(await m.judgePerson(person, TODAY)).toMatchObject({ status: "ELIGIBLE", reasons: [] });
    expect(await record(person, "TARGET_CONFIRMED", { occurredOn: "2026-11-20" })).toMatchObject({ ok: true });
    expect(await m.recomputeEligibility(person, TODAY)).toMatchObject({ nextStage: "PROBATIONARY", status: "NOT_YET" });
    expect(await prisma.eligibilityResult.findMany({ where: { userId: person }, select: { nextStage: true } })).toEqual([
      { nextStage: "PROBATIONARY" },
    ]);
  });

  it("refuses a skipped stage, a third contact and impossible figures, writing nothing", async () => {
    const person = await newPerson("dev-refused-1");
    await record(person, "APPLICATION_SUBMITTED", { occurredOn: "2025-01-01" });
    const before = await prisma.developmentMilestone.count({ where: { userId: person } });

    const skipped = await record(person, "TARGET_CONFIRMED", { occurredOn: "2026-01-01" });
    expect(skipped).toMatchObject({ ok: false, problems: [{ field: "kind" }] });

    await record(person, "ACTIVIST_CONFIRMED", { occurredOn: "2025-02-01", tier: "NEAR_TERM" });
    await record(person, "CONTACT_ASSIGNED", { occurredOn: "2025-02-02", contactId: ids.get("peiyang")! });
    await record(person, "CONTACT_ASSIGNED", { occurredOn: "2025-02-02", contactId: ids.get("zhandian")! });
    const third = await record(person, "CONTACT_ASSIGNED", { occurredOn: "2025-03-01", contactId: ids.get("chengguan")! });
    expect(third).toMatchObject({ ok: false, problems: [{ field: "contactId" }] });
    expect(await prisma.cultivationContact.count({ where: { learnerId: person, endedOn: null } })).toBe(2);

    // Replacing one keeps two.
    const replaced = await record(person, "CONTACT_ASSIGNED", {
      occurredOn: "2025-03-01",
      contactId: ids.get("chengguan")!,
      replaces: ids.get("zhandian")!,
    });
    expect(replaced).toMatchObject({ ok: true });
    const active = await prisma.cultivationContact.findMany({ where: { learnerId: person, endedOn: null }, select: { contactId: true } });
    expect(active.map((row) => row.contactId).sort()).toEqual([ids.get("peiyang")!, ids.get("chengguan")!].sort());

    const beforeAudit = await prisma.auditLog.count({ where: { entityId: person } });
    const future = await record(person, "ASSESSMENT", { occurredOn: "2027-01-01", passed: "on" });
    expect(future).toMatchObject({ ok: false, problems: [{ field: "occurredOn" }] });
    expect(await prisma.auditLog.count({ where: { entityId: person } })).toBe(beforeAudit);
    expect(await prisma.developmentMilestone.count({ where: { userId: person } })).toBe(before + 1);
  });

  it("reads a stage date stored with a time of day as its calendar day", async () => {
    const person = await newPerson("dev-time-of-day");
    // Confirmed an activist in the afternoon a year ago: a full 12 months on the same calendar day.
    await prisma.user.update({ where: { id: person }, data: { stage: "ACTIVIST", stageSince: new Date("2025-11-23T07:13:00Z") } });
    const verdict = await m.judgePerson(person, TODAY);
    expect(verdict?.reasons.map((reason) => reason.rule)).not.toContain("cultivation-before-target");
    expect((await m.loadFacts(person))?.activistSince).toEqual(new Date("2025-11-23T00:00:00Z"));
  });

  it("judges an entrusted trainee under the policy of the organization training him", async () => {
    const liudong = ids.get("liudong")!;
    const trainingOrg = await prisma.entrustedTraining.findFirstOrThrow({
      where: { userId: liudong },
      select: { trainingOrg: { select: { id: true } } },
    });
    const withoutPolicy = await m.judgePerson(liudong, TODAY);
    await prisma.organization.update({
      where: { id: trainingOrg.trainingOrg.id },
      data: { policyJson: JSON.stringify({ minCultivationMonthsForTarget: 36 }) },
    });
    const withPolicy = await m.judgePerson(liudong, TODAY);
    expect(withoutPolicy?.reasons.some((reason) => reason.rule === "cultivation-before-target")).toBe(false);
    expect(withPolicy?.reasons.find((reason) => reason.rule === "cultivation-before-target")?.remedy).toMatchObject({
      code: "cultivateMonths",
      params: { months: 36 },
    });
  });
});

describe("stored verdicts", () => {
  it("are read back as stored under this rule set, and judged afresh when stored under an older one", async () => {
    const person = ids.get("xueyuan")!;
    const computed = await m.recomputeEligibility(person, TODAY);
    const stored = await m.getEligibility(person, TODAY);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.reasons.map((reason) => reason.rule)).toEqual(computed!.reasons.map((reason) => reason.rule));

    await prisma.eligibilityResult.updateMany({
      where: { userId: person },
      data: {
        ruleSetVersion: "2014-细则-1",
        reasonsJson: JSON.stringify([
          { rule: "thought-reports", article: "种子文件 000", effect: "NOT_YET", evidence: "旧", remedy: "旧" },
        ]),
      },
    });
    const stale = await m.getEligibility(person, TODAY);
    expect(stale[0]!.reasons.map((reason) => reason.rule)).toEqual(computed!.reasons.map((reason) => reason.rule));
    expect(JSON.stringify(stale)).not.toContain("种子");
  });
});
