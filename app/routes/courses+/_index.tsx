// 课程目录 (中心片库): every course and film, searched by words of its title and
// text and filtered by category, audience, language and length, as a GET form
// that works without JavaScript; printed, it is the A4 catalog a grassroots
// organization pins up to choose its showings.
import { parseWithZod } from "@conform-to/zod";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PrintButton } from "~/components/print-button.tsx";
import { beijingDate } from "~/domain/calendar.ts";
import { CATEGORIES, catalogChoices, DURATION_BANDS, searchCatalog } from "~/domain/content/catalog.ts";
import { catalogViewerPaths, listCoursesWithProgress } from "~/models/course.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { i18next } from "~/utils/i18next.server.ts";
import { formatHours } from "~/utils/misc.ts";

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

/** An unknown value in the address (an old link, a typo) is ignored rather than refused: the catalog still shows. */
export const CatalogQuerySchema = z.object({
  text: optional(z.string().trim().max(100)),
  category: optional(z.enum(CATEGORIES)).catch(undefined),
  audience: optional(z.string().max(50)),
  language: optional(z.string().max(35)),
  duration: optional(z.enum(DURATION_BANDS)).catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseWithZod(new URL(request.url).searchParams, { schema: CatalogQuerySchema });
  const query = parsed.status === "success" ? parsed.value : {};
  const [courses, locale] = await Promise.all([
    catalogViewerPaths(user).then((paths) => listCoursesWithProgress(user.id, paths)),
    i18next.getLocale(request),
  ]);
  const choices = catalogChoices(courses);
  // Named on the server, so the page reads the same before and after scripts run.
  const names = new Intl.DisplayNames([locale], { type: "language" });
  const languageNames = Object.fromEntries(choices.languages.map((tag) => [tag, names.of(tag) ?? tag]));
  return {
    courses: searchCatalog(courses, query),
    query,
    choices,
    languageNames,
    anyCourse: courses.length > 0,
    printedOn: beijingDate(new Date()),
  };
}

type CatalogData = ReturnType<typeof useLoaderData<typeof loader>>;

function Filters({ query, choices, languageNames }: Pick<CatalogData, "query" | "choices" | "languageNames">) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="catalog-filters no-print" role="search" aria-label={t("catalog.search.label")}>
      <label htmlFor="catalog-text">{t("catalog.search.text")}</label>
      <input id="catalog-text" name="text" type="search" defaultValue={query.text ?? ""} />
      <label htmlFor="catalog-category">{t("catalog.search.category")}</label>
      <select id="catalog-category" name="category" defaultValue={query.category ?? ""}>
        <option value="">{t("catalog.search.all")}</option>
        {choices.categories.map((category) => (
          <option key={category} value={category}>
            {t(`catalog.categories.${category}`)}
          </option>
        ))}
      </select>
      <label htmlFor="catalog-audience">{t("catalog.search.audience")}</label>
      <select id="catalog-audience" name="audience" defaultValue={query.audience ?? ""}>
        <option value="">{t("catalog.search.all")}</option>
        {choices.audiences.map((audience) => (
          <option key={audience} value={audience}>
            {audience}
          </option>
        ))}
      </select>
      <label htmlFor="catalog-language">{t("catalog.search.language")}</label>
      <select id="catalog-language" name="language" defaultValue={query.language ?? ""}>
        <option value="">{t("catalog.search.all")}</option>
        {choices.languages.map((tag) => (
          <option key={tag} value={tag}>
            {languageNames[tag]}
          </option>
        ))}
      </select>
      <label htmlFor="catalog-duration">{t("catalog.search.duration")}</label>
      <select id="catalog-duration" name="duration" defaultValue={query.duration ?? ""}>
        <option value="">{t("catalog.search.all")}</option>
        {DURATION_BANDS.map((band) => (
          <option key={band} value={band}>
            {t(`catalog.durations.${band}`)}
          </option>
        ))}
      </select>
      <button type="submit">{t("catalog.search.submit")}</button> <Link to="/courses">{t("catalog.search.clear")}</Link>
    </Form>
  );
}

export default function Catalog() {
  const { courses, query, choices, languageNames, anyCourse, printedOn } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const minutes = (seconds: number) => t("catalog.minutes", { minutes: Math.max(1, Math.round(seconds / 60)) });
  const languages = (tags: readonly string[]) => tags.map((tag) => languageNames[tag] ?? tag).join("、");
  const found = courses.reduce((count, course) => count + course.lessons.length, 0);
  // The sheet says what it lists: the conditions typed, in words.
  const conditions = [
    query.text ? `“${query.text}”` : null,
    query.category ? t(`catalog.categories.${query.category}`) : null,
    query.audience ?? null,
    query.language ? (languageNames[query.language] ?? query.language) : null,
    query.duration ? t(`catalog.durations.${query.duration}`) : null,
  ].filter((condition): condition is string => condition !== null);
  return (
    <article className="report-card catalog">
      <h1>{t("catalog.title")}</h1>
      {!anyCourse ? <p className="notice">{t("catalog.empty")}</p> : null}
      <Filters query={query} choices={choices} languageNames={languageNames} />
      {anyCourse ? (
        <p className="no-print" role="status">
          {found === 0 ? t("catalog.search.none") : t("catalog.search.found", { count: found })}{" "}
          <PrintButton label={t("catalog.print")} className="secondary" />
        </p>
      ) : null}
      <div className="no-print">
        {courses.map((course) => (
          <section key={course.id} className="card">
            <h2>{course.title}</h2>
            <p className="muted">{course.summary}</p>
            <ul className="plain">
              {course.lessons.map((lesson) => {
                const state = lesson.progress?.completedAt ? "done" : lesson.progress ? "inProgress" : "notStarted";
                return (
                  <li key={lesson.id}>
                    <Link to={`/courses/${course.slug}/${lesson.slug}`}>{lesson.title}</Link>{" "}
                    <span className={`badge ${state === "done" ? "ok" : state === "inProgress" ? "warn" : ""}`}>
                      {t(`catalog.${state}`)}
                    </span>
                    <div className="muted">
                      {t(`catalog.categories.${lesson.category}`)} · {t("catalog.hours", { hours: formatHours(lesson.classHours) })} ·{" "}
                      {minutes(lesson.durationSeconds)} · {languages(lesson.languages)}
                      {lesson.department ? ` · ${t("catalog.from", { department: lesson.department })}` : ""}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
      <div className="print-only">
        <p>
          {t("catalog.printedOn", { date: printedOn })} ·{" "}
          {conditions.length > 0 ? t("catalog.printedConditions", { conditions: conditions.join("、") }) : t("catalog.printedAll")}
        </p>
        <table data-testid="printed-catalog">
          <caption>{t("catalog.printedCaption", { count: found })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("catalog.columns.title")}</th>
              <th scope="col">{t("catalog.columns.category")}</th>
              <th scope="col">{t("catalog.columns.audience")}</th>
              <th scope="col">{t("catalog.columns.languages")}</th>
              <th scope="col">{t("catalog.columns.duration")}</th>
              <th scope="col">{t("catalog.columns.department")}</th>
              <th scope="col">{t("catalog.columns.hours")}</th>
            </tr>
          </thead>
          <tbody>
            {courses.flatMap((course) =>
              course.lessons.map((lesson) => (
                <tr key={lesson.id}>
                  <td>
                    {course.title} · {lesson.title}
                  </td>
                  <td>{t(`catalog.categories.${lesson.category}`)}</td>
                  <td>{lesson.audience.join("、")}</td>
                  <td>{languages(lesson.languages)}</td>
                  <td>{minutes(lesson.durationSeconds)}</td>
                  <td>{lesson.department}</td>
                  <td>{formatHours(lesson.classHours)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "课程目录 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
