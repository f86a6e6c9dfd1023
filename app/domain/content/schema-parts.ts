// Zod building blocks shared by course.yaml and the lesson front matter. Every
// constraint carries its own bilingual message that says what is expected.
import { z } from "zod";
import { CATEGORIES, SHARINGS } from "./catalog.ts";
import { bilingual } from "./problems.ts";

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const slug = z
  .string()
  .regex(
    SLUG_PATTERN,
    bilingual(
      "应为小写字母、数字和连字符，如 fazhan-dangyuan",
      "expected lowercase letters, digits and single hyphens, e.g. fazhan-dangyuan",
    ),
  );

export const nonEmptyText = z.string().trim().min(1, bilingual("不能为空", "must not be empty"));

/**
 * Option and answer texts: YAML reads `18` as a number, but to the learner it
 * is the text "18", so numbers are accepted and compared as text.
 */
export const answerText = z.preprocess((value) => (typeof value === "number" ? String(value) : value), nonEmptyText);

export function intRange(min: number, max: number) {
  const message = bilingual(`应为 ${min} 到 ${max} 之间的整数`, `expected an integer from ${min} to ${max}`);
  return z.number().int(message).min(min, message).max(max, message);
}

export function numberRange(min: number, max: number, { exclusiveMin = false } = {}) {
  const message = exclusiveMin
    ? bilingual(`应大于 ${min} 且不超过 ${max}`, `expected a number greater than ${min} and at most ${max}`)
    : bilingual(`应为 ${min} 到 ${max} 之间的数`, `expected a number from ${min} to ${max}`);
  const base = z.number();
  return (exclusiveMin ? base.gt(min, message) : base.gte(min, message)).lte(max, message);
}

export function atLeastOne<T extends z.ZodTypeAny>(item: T, zh: string, en: string) {
  return z.array(item).min(1, bilingual(`至少需要 1 个${zh}`, `needs at least one ${en}`));
}

/**
 * An object that rejects unknown fields: a misspelt optional field would
 * otherwise vanish silently and its default would apply. The message lists the
 * allowed names; problemsFromZod wraps it.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).strict(Object.keys(shape).join(", "));
}

/**
 * A media path inside the course folder. Absolute paths and `..` would let a
 * course point at files the site must not serve.
 */
export const mediaPath = z
  .string()
  .trim()
  .min(1, bilingual("不能为空", "must not be empty"))
  .refine(
    (value) =>
      !value.startsWith("/") &&
      !value.includes("\\") &&
      value.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
    bilingual(
      "应为课程文件夹内的相对路径，如 media/01-rudang-shenqing.mp4",
      "expected a path relative to the course folder, e.g. media/01-rudang-shenqing.mp4",
    ),
  );

/** The film library's category, written as its code (the catalog shows its Chinese name). */
export const category = z.enum(CATEGORIES, {
  errorMap: () => ({
    message: bilingual(`应为以下之一：${CATEGORIES.join("、")}`, `expected one of: ${CATEGORIES.join(", ")}`),
  }),
});

/** Who else sees an organization's course (app/domain/content/catalog.ts visibleTo). */
export const sharing = z.enum(SHARINGS, {
  errorMap: () => ({
    message: bilingual(
      "应为 OWN（只本组织）、SUBTREE（本组织及下级）或 ALL（所有组织）",
      "expected OWN (the owner organization only), SUBTREE (it and the organizations below) or ALL (every organization)",
    ),
  }),
});

/** An organization's code as the organization tree gives it, e.g. hexi-cun. */
export const organizationCode = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, bilingual("应为组织代码，如 hexi-cun", "expected an organization code such as hexi-cun"));
