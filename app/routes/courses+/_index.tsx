import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCoursesWithProgress } from "~/models/course.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatHours } from "~/utils/misc.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { courses: await listCoursesWithProgress(user.id) };
}

export default function Catalog() {
  const { courses } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("catalog.title")}</h1>
      {courses.length === 0 ? <p className="notice">{t("catalog.empty")}</p> : null}
      {courses.map((course) => (
        <section key={course.id} className="card">
          <h2>{course.title}</h2>
          <p className="muted">{course.summary}</p>
          <ul className="plain">
            {course.lessons.map((lesson) => {
              const progress = lesson.progress[0];
              const state = progress?.completedAt ? "done" : progress ? "inProgress" : "notStarted";
              return (
                <li key={lesson.id}>
                  <Link to={`/courses/${course.slug}/${lesson.slug}`}>{lesson.title}</Link>{" "}
                  <span className={`badge ${state === "done" ? "ok" : state === "inProgress" ? "warn" : ""}`}>{t(`catalog.${state}`)}</span>
                  <div className="muted">
                    {t("catalog.hours", { hours: formatHours(lesson.classHours) })} ·{" "}
                    {t("catalog.minutes", { minutes: Math.max(1, Math.round(lesson.durationSeconds / 60)) })}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "课程目录 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
