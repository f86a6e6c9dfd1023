// 人员信息: what a person's record holds, and what makes a value right. The
// same rules judge the admin's form and, row by row, an imported roster, so a
// phone typed with full-width digits or an ID-card number with a lower-case x
// is read the same way in both. Pure: the facts that need the database (the
// phone or ID-card number taken, the organization reachable) are checked in
// app/models/people.server.ts.
import { z } from "zod";
import type { Stage } from "./development/evaluate.ts";

export const GENDERS = ["M", "F"] as const;
export const EDUCATIONS = ["PRIMARY", "JUNIOR", "HIGH_SCHOOL", "COLLEGE", "BACHELOR", "POSTGRADUATE"] as const;
export const STAGES = [
  "NONE",
  "APPLICANT",
  "ACTIVIST",
  "DEVELOPMENT_TARGET",
  "PROBATIONARY",
  "FULL_MEMBER",
] as const satisfies readonly Stage[];
export const ACTIVIST_TIERS = ["THIS_YEAR", "NEAR_TERM", "LONG_TERM"] as const;

/** The 56 ethnic groups by their official names (GB/T 3304), 汉族 first as the forms list them. */
export const ETHNICITIES = [
  "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
  "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
  "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
  "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
  "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
  "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
] as const; // prettier-ignore

/**
 * The ethnic group a written value names, or null: "回族" as it is, and "回" without its
 * 族, as people often write it (unambiguous: no group's name is another's without 族).
 */
export function ethnicityNamed(value: string): string | null {
  const written = value.normalize("NFKC").trim();
  if (written === "") return null;
  return ETHNICITIES.find((name) => name === written || name === `${written}族`) ?? null;
}

/**
 * Full-width characters (what a Chinese input method types in its full-width
 * mode) as their ordinary forms, and the spaces around removed.
 */
export function plainText(value: string): string {
  return value.normalize("NFKC").trim();
}

export type PhoneProblem = "phone-format";

/** A mobile number as it is kept (11 digits from 1), from what was typed: spaces, hyphens, full-width digits and a +86 in front are let through. */
export function normalizePhone(raw: string): { phone: string } | { problem: PhoneProblem } {
  const digits = plainText(raw)
    .replace(/[\s-]/g, "")
    .replace(/^\+?86(?=1\d{10}$)/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? { phone: digits } : { problem: "phone-format" };
}

export type IdCardProblem = "id-card-format" | "id-card-check" | "id-card-birth-date";

const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CARD_CHECK_CHARACTERS = "10X98765432";

/** A calendar date from its parts, or null when there is no such day (2025-02-30). */
export function calendarDate(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/**
 * A citizen ID-card number (GB 11643: 17 digits and a check character) as it is kept, with
 * the birth date and gender it holds; or why it cannot be one. The check character
 * catches a digit mistyped or two swapped, which is most of what goes wrong on paper.
 */
export function readIdCard(raw: string): { idCard: string; birthDate: Date; gender: "M" | "F" } | { problem: IdCardProblem } {
  const value = plainText(raw).replace(/\s/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { problem: "id-card-format" };
  const sum = ID_CARD_WEIGHTS.reduce((total, weight, index) => total + weight * Number(value[index]), 0);
  if (ID_CARD_CHECK_CHARACTERS[sum % 11] !== value[17]) return { problem: "id-card-check" };
  const birthDate = calendarDate(Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14)));
  if (!birthDate || birthDate.getUTCFullYear() < 1900) return { problem: "id-card-birth-date" };
  return { idCard: value, birthDate, gender: Number(value[16]) % 2 === 1 ? "M" : "F" };
}

/** An ID-card number as most people may see it: its first three and last four characters (the region and the check stay recognisable to the person himself). */
export function maskIdCard(idCard: string): string {
  return idCard.length < 8 ? "*".repeat(idCard.length) : `${idCard.slice(0, 3)}${"*".repeat(idCard.length - 7)}${idCard.slice(-4)}`;
}

/** A person's record as the form and the import give it, already read (dates as dates, the phone and ID-card number in their kept forms). */
export type PersonFields = {
  name: string;
  gender: (typeof GENDERS)[number] | null;
  birthDate: Date | null;
  ethnicity: string | null;
  education: (typeof EDUCATIONS)[number] | null;
  isRural: boolean;
  occupation: string | null;
  phone: string | null;
  idCardNumber: string | null;
  stage: (typeof STAGES)[number];
  stageSince: Date | null;
  activistTier: (typeof ACTIVIST_TIERS)[number] | null;
};

export type PersonProblemCode =
  | PhoneProblem
  | IdCardProblem
  | "name-empty"
  | "name-long"
  | "occupation-long"
  | "ethnicity-unknown"
  | "birth-date-future"
  | "birth-date-early"
  | "birth-date-id-card"
  | "gender-id-card"
  | "stage-since-missing"
  | "stage-since-future"
  | "stage-since-before-birth"
  | "stage-too-young"
  | "tier-not-activist"
  | "phone-taken"
  | "id-card-taken"
  | "org-outside"
  | "org-closed";

export type PersonProblem = { field: keyof PersonFields | "orgId"; code: PersonProblemCode; params?: Record<string, string | number> };

/** 党章第一章第一条: one may apply to join at eighteen, so every stage past 群众 begins no earlier. */
export const MIN_AGE_TO_APPLY = 18;

function ageOn(birthDate: Date, day: Date): number {
  const years = day.getUTCFullYear() - birthDate.getUTCFullYear();
  const birthdayPassed =
    day.getUTCMonth() > birthDate.getUTCMonth() ||
    (day.getUTCMonth() === birthDate.getUTCMonth() && day.getUTCDate() >= birthDate.getUTCDate());
  return birthdayPassed ? years : years - 1;
}

/**
 * What is wrong between a record's fields, each value already right on its own: a birth
 * date or gender the ID card contradicts, a stage begun before the person was born or
 * before eighteen, a tier for someone who is not an activist.
 */
export function personProblems(person: PersonFields, today: Date): PersonProblem[] {
  const problems: PersonProblem[] = [];
  const fromCard = person.idCardNumber ? readIdCard(person.idCardNumber) : null;
  if (person.birthDate) {
    if (person.birthDate > today) problems.push({ field: "birthDate", code: "birth-date-future" });
    else if (person.birthDate.getUTCFullYear() < 1900) problems.push({ field: "birthDate", code: "birth-date-early" });
    if (fromCard && "idCard" in fromCard && fromCard.birthDate.getTime() !== person.birthDate.getTime())
      problems.push({ field: "birthDate", code: "birth-date-id-card", params: { date: isoDate(fromCard.birthDate) } });
  }
  if (person.gender && fromCard && "idCard" in fromCard && fromCard.gender !== person.gender)
    problems.push({ field: "gender", code: "gender-id-card" });
  if (person.stage !== "NONE") {
    if (!person.stageSince) problems.push({ field: "stageSince", code: "stage-since-missing" });
    else if (person.stageSince > today) problems.push({ field: "stageSince", code: "stage-since-future" });
    else if (person.birthDate && person.stageSince < person.birthDate)
      problems.push({ field: "stageSince", code: "stage-since-before-birth" });
    else if (person.birthDate && ageOn(person.birthDate, person.stageSince) < MIN_AGE_TO_APPLY)
      problems.push({ field: "stageSince", code: "stage-too-young", params: { age: MIN_AGE_TO_APPLY } });
  }
  if (person.activistTier && person.stage !== "ACTIVIST") problems.push({ field: "activistTier", code: "tier-not-activist" });
  return problems;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const P = "people.problems";

const optionalText = (max: number, code: PersonProblemCode) =>
  z
    .string()
    .transform(plainText)
    .pipe(z.string().max(max, `${P}.${code}`))
    .optional()
    .transform((value) => (value ? value : null));

/** A day as a date field sends it (2026-12-03), or null when it is not one. */
export function formDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  return match ? calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/** A date field that must hold a day: refused with `message` otherwise. */
export const requiredDate = (message: string) =>
  z.string({ required_error: message }).transform((value, context) => {
    const date = formDate(value);
    if (!date) context.addIssue({ code: z.ZodIssueCode.custom, message });
    return date ?? new Date(Number.NaN);
  });

const optionalDate = z
  .string()
  .optional()
  .transform((value, context) => {
    if (!value) return null;
    const date = formDate(value);
    if (!date) context.addIssue({ code: z.ZodIssueCode.custom, message: `${P}.date-format` });
    return date;
  });

const optionalEnum = <Values extends readonly [string, ...string[]]>(values: Values) =>
  z
    .enum(values)
    .optional()
    .transform((value) => value ?? null);

/**
 * The admin's form for one person's record, in the browser and on the server. Each
 * value is read as the import reads a cell; what needs two fields or the database
 * is judged after (personProblems, app/models/people.server.ts).
 */
export const PersonFieldsSchema = z.object({
  name: z
    .string({ required_error: `${P}.name-empty` })
    .transform(plainText)
    .pipe(z.string().min(1, `${P}.name-empty`).max(30, `${P}.name-long`)),
  gender: optionalEnum(GENDERS),
  birthDate: optionalDate,
  ethnicity: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const named = ethnicityNamed(value);
      if (!named) context.addIssue({ code: z.ZodIssueCode.custom, message: `${P}.ethnicity-unknown` });
      return named;
    }),
  education: optionalEnum(EDUCATIONS),
  isRural: z.boolean().optional().default(false),
  occupation: optionalText(50, "occupation-long"),
  phone: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const read = normalizePhone(value);
      if ("problem" in read) context.addIssue({ code: z.ZodIssueCode.custom, message: `${P}.${read.problem}` });
      return "phone" in read ? read.phone : null;
    }),
  idCardNumber: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const read = readIdCard(value);
      if ("problem" in read) context.addIssue({ code: z.ZodIssueCode.custom, message: `${P}.${read.problem}` });
      return "idCard" in read ? read.idCard : null;
    }),
  stage: z.enum(STAGES).optional().default("NONE"),
  stageSince: optionalDate,
  activistTier: optionalEnum(ACTIVIST_TIERS),
});

/** A new person: his record and the organization he belongs to. */
export const NewPersonSchema = PersonFieldsSchema.extend({
  orgId: z.string({ required_error: `${P}.org-outside` }).min(1, `${P}.org-outside`),
});
