// course.yaml: one per course folder, `content/courses/<slug>/course.yaml`.
import { z } from "zod";
import {
  bilingual,
  type ContentProblem,
  type ParsedFile,
  problemsFromZod,
  quote,
  sortProblems,
} from "./problems.ts";
import { intRange, nonEmptyText, slug, strictObject } from "./schema-parts.ts";
import { readYaml } from "./yaml-source.ts";

export const courseFileSchema = strictObject({
  slug,
  title: nonEmptyText,
  summary: nonEmptyText,
  /** 分层施教: who the course is for (education, trade, level). */
  audience: z.array(nonEmptyText).default([]),
  order: intRange(0, 9999).default(0),
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
      message: bilingual(
        `${quote(rawSlug)}与课程文件夹名${quote(folder)}不一致`,
        `slug must equal the course folder name "${folder}"`,
      ),
    });
  }

  if (problems.length > 0 || !result.success) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, value: result.data, lineOf: source.lineOf };
}
