// course.yaml: one per course folder, `content/courses/<slug>/course.yaml`.
import { z } from "zod";
import { parseClassHoursRule, type ClassHoursRule } from "../class-hours.ts";
import { bilingual, type ContentProblem, type ParsedFile, problemsFromZod, quote, sortProblems } from "./problems.ts";
import { category, intRange, nonEmptyText, organizationCode, sharing, slug, strictObject } from "./schema-parts.ts";
import { readYaml } from "./yaml-source.ts";

/**
 * 学时折算 for the course's lessons that give no classHours: "minutes=hours"
 * steps, e.g. "30=1, 15=0.5, 0=0.25" (app/domain/class-hours.ts).
 */
const classHoursRule = z.string().transform((text, context): ClassHoursRule => {
  const parsed = parseClassHoursRule(text);
  if (parsed.ok) return parsed.rule;
  for (const problem of parsed.problems) {
    const where = problem.position > 0 ? `第 ${problem.position} 条 (step ${problem.position}): ` : "";
    context.addIssue({ code: z.ZodIssueCode.custom, message: `${where}${problem.message}` });
  }
  return z.NEVER;
});

export const courseFileSchema = strictObject({
  slug,
  title: nonEmptyText,
  summary: nonEmptyText,
  /** 分层施教: who the course is for (education, trade, level). */
  audience: z.array(nonEmptyText).default([]),
  /** The film library's category (app/domain/content/catalog.ts). */
  category: category.default("THEORY"),
  /** The department it came from (来源部门), e.g. 县委组织部. */
  department: z.string().trim().max(50).default(""),
  /** The organization that owns it (its code); absent: the central library, for everyone. */
  owner: organizationCode.optional(),
  /** Who else sees an owned course when it is first imported; afterwards its owner's admins decide (片库管理). */
  sharing: sharing.default("ALL"),
  order: intRange(0, 9999).default(0),
  classHoursRule: classHoursRule.optional(),
});

export type CourseFile = z.output<typeof courseFileSchema>;

/** The folder that holds a file given as a `/`-separated path. */
export function parentFolderName(relativePath: string): string | undefined {
  const segments = relativePath.split("/").filter(Boolean);
  return segments[segments.length - 2];
}

/**
 * Parses and validates a course.yaml. `relativePath` is used verbatim in the
 * problems and its parent folder must be the course's slug.
 */
export function parseCourseFile(relativePath: string, text: string): ParsedFile<CourseFile> {
  const source = readYaml(relativePath, text);
  if (!source.ok) return source;

  const problems: ContentProblem[] = [];
  const result = courseFileSchema.safeParse(source.data);
  if (!result.success) {
    problems.push(...problemsFromZod(relativePath, result.error, source.data, source.lineOf));
  }

  // Checked on the raw data too, so this shows up alongside any other mistake.
  const folder = parentFolderName(relativePath);
  const rawSlug = (source.data as { slug?: unknown } | null)?.slug;
  if (folder !== undefined && typeof rawSlug === "string" && rawSlug !== folder) {
    problems.push({
      file: relativePath,
      line: source.lineOf(["slug"]),
      field: "slug",
      message: bilingual(`${quote(rawSlug)}与课程文件夹名${quote(folder)}不一致`, `slug must equal the course folder name "${folder}"`),
    });
  }

  if (problems.length > 0 || !result.success) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, value: result.data, lineOf: source.lineOf };
}
