// 中心片库: what a course, lesson or film is about and for whom, and the
// catalog's search. A lesson's facets are its own where its file gives them,
// else its course's; a search keeps a course with the lessons that match.

export const CATEGORIES = ["THEORY", "PARTY_HISTORY", "LAW", "DISCIPLINE", "AGRICULTURE", "CULTURE", "OTHER"] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Who sees an organization's own course besides the organization: OWN nobody,
 * SUBTREE the organizations below it, ALL everyone. The central library's
 * courses (no owner) are everyone's whatever the setting.
 */
export const SHARINGS = ["OWN", "SUBTREE", "ALL"] as const;
export type Sharing = (typeof SHARINGS)[number];

export function isSharing(value: string): value is Sharing {
  return (SHARINGS as readonly string[]).includes(value);
}

/**
 * Whether a viewer sees a course. `viewerPaths` are the materialized paths
 * ("/rootId/…/orgId/") of the organizations he belongs to: his home
 * organization and each one where he holds a role. `ownerPath` is the owner
 * organization's path, or null for the central library.
 */
export function visibleTo(course: { ownerPath: string | null; sharing: string }, viewerPaths: readonly string[]): boolean {
  const { ownerPath, sharing } = course;
  if (ownerPath === null || sharing === "ALL") return true;
  if (sharing === "SUBTREE") return viewerPaths.some((viewer) => viewer.startsWith(ownerPath));
  // OWN, and any value this code does not know: the owner organization alone.
  return viewerPaths.includes(ownerPath);
}

/** Lengths as a grassroots organization plans a showing: a short film, a lesson, a long programme. */
export const DURATION_BANDS = ["SHORT", "MEDIUM", "LONG"] as const;
export type DurationBand = (typeof DURATION_BANDS)[number];

export function durationBand(seconds: number): DurationBand {
  if (seconds <= 15 * 60) return "SHORT";
  if (seconds <= 45 * 60) return "MEDIUM";
  return "LONG";
}

export type CatalogLesson = {
  title: string;
  /** The preparation guide: searched as the lesson's text. */
  text: string;
  category: Category;
  audience: readonly string[];
  /** The language spoken, then each subtitle track's (BCP 47 tags). */
  languages: readonly string[];
  durationSeconds: number;
};

export type CatalogCourse<Lesson extends CatalogLesson> = {
  title: string;
  summary: string;
  lessons: readonly Lesson[];
};

export type CatalogQuery = {
  text?: string;
  category?: Category;
  audience?: string;
  language?: string;
  duration?: DurationBand;
};

/** A lesson's own facet where its file gives one, else its course's. */
export function effectiveFacets(
  course: { category: Category; audience: readonly string[] },
  lesson: { category: Category | null; audience: readonly string[] | null },
): { category: Category; audience: readonly string[] } {
  return { category: lesson.category ?? course.category, audience: lesson.audience ?? course.audience };
}

/** A tag matches its own region's variants: asking for zh finds zh-CN, asking for zh-CN finds zh-CN only. */
function speaks(languages: readonly string[], wanted: string): boolean {
  const asked = wanted.toLowerCase();
  return languages.some((tag) => {
    const lower = tag.toLowerCase();
    return lower === asked || lower.startsWith(`${asked}-`);
  });
}

function lessonMatches(lesson: CatalogLesson, query: CatalogQuery, courseText: string): boolean {
  if (query.category && lesson.category !== query.category) return false;
  if (query.audience && !lesson.audience.includes(query.audience)) return false;
  if (query.language && !speaks(lesson.languages, query.language)) return false;
  if (query.duration && durationBand(lesson.durationSeconds) !== query.duration) return false;
  const words = (query.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  // Every word somewhere in the lesson or its course: "党章 义务" finds the lesson on members' duties.
  const haystack = `${lesson.title}\n${lesson.text}\n${courseText}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The courses with a lesson that matches, each with only its matching lessons, in the order given. */
export function searchCatalog<Course extends CatalogCourse<CatalogLesson>>(
  courses: readonly Course[],
  query: CatalogQuery,
): (Omit<Course, "lessons"> & { lessons: Course["lessons"][number][] })[] {
  return courses.flatMap((course) => {
    const courseText = `${course.title}\n${course.summary}`;
    const lessons = course.lessons.filter((lesson) => lessonMatches(lesson, query, courseText));
    return lessons.length > 0 ? [{ ...course, lessons }] : [];
  });
}

/** Every value the catalog's filters can offer, from what the courses hold. */
export function catalogChoices(courses: readonly CatalogCourse<CatalogLesson>[]) {
  const lessons = courses.flatMap((course) => course.lessons);
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b, "zh-CN"));
  return {
    categories: CATEGORIES.filter((category) => lessons.some((lesson) => lesson.category === category)),
    audiences: sorted(lessons.flatMap((lesson) => lesson.audience)),
    languages: sorted(lessons.flatMap((lesson) => lesson.languages)),
  };
}
