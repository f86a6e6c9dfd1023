import { describe, expect, it } from "vitest";
import { noFacts, type Facts } from "./evaluate.ts";
import i18next from "i18next";
import { resources } from "~/utils/i18n.ts";
import type { Problem } from "~/utils/problems.ts";
import { checkRecord, parseRecord, type RecordKind } from "./records.ts";

const i18n = i18next.createInstance();
await i18n.init({ lng: "zh-CN", resources, defaultNS: "common", interpolation: { escapeValue: false } });
/** A problem in the words staff read. */
const said = (problem: Problem | undefined) => (problem ? i18n.t(`development.problems.${problem.code}`, problem.params ?? {}) : undefined);

const TODAY = new Date("2026-11-23T00:00:00Z");
const d = (text: string) => new Date(`${text}T00:00:00Z`);

const APPLICANT: Facts = { ...noFacts(), stage: "APPLICANT", birthDate: d("2000-03-01"), appliedOn: d("2026-03-01") };
const ACTIVIST: Facts = { ...APPLICANT, stage: "ACTIVIST", activistSince: d("2026-04-01"), contacts: 2 };
const TARGET: Facts = { ...ACTIVIST, stage: "DEVELOPMENT_TARGET", targetSince: d("2026-10-01") };

function attempt(facts: Facts, kind: RecordKind, form: Record<string, unknown>) {
  const parsed = parseRecord(kind, form);
  if (!parsed.ok) return parsed.problems;
  return checkRecord(facts, parsed.record, TODAY);
}

describe("records: refused with the field named, or accepted", () => {
  it.each([
    { name: "a talk with the applicant", facts: APPLICANT, kind: "APPLICATION_TALK", form: { occurredOn: "2026-03-20" }, field: null },
    {
      name: "confirming an activist",
      facts: APPLICANT,
      kind: "ACTIVIST_CONFIRMED",
      form: { occurredOn: "2026-04-01", tier: "THIS_YEAR" },
      field: null,
    },
    {
      name: "an activist dated before his application",
      facts: APPLICANT,
      kind: "ACTIVIST_CONFIRMED",
      form: { occurredOn: "2026-02-01", tier: "THIS_YEAR" },
      field: "occurredOn",
      message: "早于递交入党申请书的日期",
    },
    {
      name: "an applicant made a development target: a skipped stage",
      facts: APPLICANT,
      kind: "TARGET_CONFIRMED",
      form: { occurredOn: "2026-11-01" },
      field: "kind",
      message: "不能跳过阶段",
    },
    {
      name: "an applicant admitted: a skipped stage",
      facts: APPLICANT,
      kind: "ADMITTED",
      form: { occurredOn: "2026-11-01" },
      field: "kind",
      message: "只有发展对象才能转为预备党员",
    },
    {
      name: "a political review for an activist",
      facts: ACTIVIST,
      kind: "POLITICAL_REVIEW",
      form: { occurredOn: "2026-11-01", conclusion: "QUALIFIED" },
      field: "kind",
      message: "不适用于这个阶段",
    },
    {
      name: "a review before the application",
      facts: TARGET,
      kind: "POLITICAL_REVIEW",
      form: { occurredOn: "2026-01-15", conclusion: "QUALIFIED" },
      field: "occurredOn",
      message: "早于申请日期",
    },
    {
      name: "a review with no conclusion",
      facts: TARGET,
      kind: "POLITICAL_REVIEW",
      form: { occurredOn: "2026-11-01" },
      field: "conclusion",
      message: "请选择政审结论",
    },
    {
      name: "a date in the future",
      facts: ACTIVIST,
      kind: "OPINIONS_HEARD",
      form: { occurredOn: "2027-01-01" },
      field: "occurredOn",
      message: "晚于今天",
    },
    {
      name: "a date that does not exist",
      facts: ACTIVIST,
      kind: "ASSESSMENT",
      form: { occurredOn: "2026-02-30", passed: "on" },
      field: "occurredOn",
      message: "没有 2026-02-30 这一天",
    },
    {
      name: "a third contact",
      facts: ACTIVIST,
      kind: "CONTACT_ASSIGNED",
      form: { occurredOn: "2026-11-01", contactId: "c3" },
      field: "contactId",
      message: "最多两名",
    },
    {
      name: "a contact replaced",
      facts: ACTIVIST,
      kind: "CONTACT_ASSIGNED",
      form: { occurredOn: "2026-11-01", contactId: "c3", replaces: "c1" },
      field: null,
    },
    {
      name: "more approvals than people asked",
      facts: TARGET,
      kind: "POLL",
      form: { occurredOn: "2026-11-01", purpose: "ADMISSION", scope: "RESIDENCE", approve: "51", total: "50" },
      field: "approve",
      message: "赞成 51 人多于参与的 50 人",
    },
    {
      name: "a poll as typed in a form",
      facts: TARGET,
      kind: "POLL",
      form: { occurredOn: "2026-11-01", purpose: "ADMISSION", scope: "RESIDENCE", approve: "45", total: "50" },
      field: null,
    },
    {
      name: "more yes than present",
      facts: TARGET,
      kind: "VOTE",
      form: { occurredOn: "2026-11-10", purpose: "ADMISSION", entitled: "20", present: "12", yes: "13" },
      field: "yes",
      message: "赞成 13 票多于到会 12 人",
    },
    {
      name: "more present than entitled",
      facts: TARGET,
      kind: "VOTE",
      form: { occurredOn: "2026-11-10", purpose: "ADMISSION", entitled: "20", present: "21", yes: "13" },
      field: "present",
      message: "多于应到会",
    },
    {
      name: "a vote figure that is not a number",
      facts: TARGET,
      kind: "VOTE",
      form: { occurredOn: "2026-11-10", purpose: "ADMISSION", entitled: "二十", present: "12", yes: "11" },
      field: "entitled",
      message: "应为数字",
    },
    {
      name: "a notice that ends before it starts",
      facts: TARGET,
      kind: "NOTICE",
      form: { occurredOn: "2026-11-10", endsOn: "2026-11-05", purpose: "ADMISSION" },
      field: "endsOn",
      message: "早于开始日期",
    },
    {
      name: "admission without a branch meeting that day",
      facts: TARGET,
      kind: "ADMITTED",
      form: { occurredOn: "2026-11-20" },
      field: "occurredOn",
      message: "没有接收预备党员的支部大会表决记录",
    },
    {
      name: "admission on the day of the meeting",
      facts: {
        ...TARGET,
        votes: [{ purpose: "ADMISSION" as const, heldOn: d("2026-11-20"), entitled: 20, present: 12, yes: 11, advanceYes: 0 }],
      },
      kind: "ADMITTED",
      form: { occurredOn: "2026-11-20" },
      field: null,
    },
    {
      name: "an extension of 3 months",
      facts: { ...TARGET, stage: "PROBATIONARY" as const, admittedOn: d("2026-10-20") },
      kind: "PROBATION_EXTENDED",
      form: { occurredOn: "2026-11-01", months: "3" },
      field: "months",
      message: "6 到 12 个月",
    },
    {
      name: "a second application",
      facts: APPLICANT,
      kind: "APPLICATION_SUBMITTED",
      form: { occurredOn: "2026-11-01" },
      field: "kind",
      message: "不能跳过阶段",
    },
  ] satisfies { name: string; facts: Facts; kind: RecordKind; form: Record<string, unknown>; field: string | null; message?: string }[])(
    "$name",
    ({ facts, kind, form, field, message }) => {
      const problems = attempt(facts, kind, form);
      if (field === null) {
        expect(problems).toEqual([]);
        return;
      }
      expect(said(problems.find((problem) => problem.field === field)), JSON.stringify(problems)).toContain(message);
    },
  );
});

describe("dates of listed records", () => {
  it.each([
    ["ASSESSMENT", { occurredOn: "2027-01-01", passed: "on" }],
    ["RECOMMENDATION", { occurredOn: "2027-01-01", source: "MASSES" }],
  ] as const)("a %s in the future is refused at occurredOn", (kind, form) => {
    const facts: Facts = { ...ACTIVIST, stage: kind === "ASSESSMENT" ? "ACTIVIST" : "APPLICANT" };
    expect(attempt(facts, kind, form)).toEqual([{ field: "occurredOn", code: "futureDate", params: expect.anything() }]);
  });

  it("a vote held in the future is refused at occurredOn", () => {
    const problems = attempt(TARGET, "VOTE", { occurredOn: "2026-12-01", purpose: "ADMISSION", entitled: "20", present: "12", yes: "11" });
    expect(problems).toEqual([{ field: "occurredOn", code: "futureDate", params: { date: "2026-12-01", today: "2026-11-23" } }]);
  });
});
