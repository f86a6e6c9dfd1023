// 本机存储: what the station's device keeps for playing offline, how large
// each lesson is, and a way to delete it (decision 026). It reads the device
// only, so it opens with no network too.
import type { MetaFunction } from "@remix-run/node";
import { Link, useParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { megabytes, StorageSummary } from "~/components/station/storage-summary.tsx";
import { cachedLessons, deleteLesson, type CachedLesson } from "~/station-app/download.ts";
import { kitOf } from "~/station-app/outbox.ts";

export const handle = { screen: "tv" };

export default function StationStorage() {
  const code = useParams().code ?? "";
  const { t } = useTranslation();
  const [lessons, setLessons] = useState<(CachedLesson & { title: string })[] | null>(null);
  const [version, setVersion] = useState(0);
  const [deleting, setDeleting] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    void Promise.all([cachedLessons(), kitOf(code)]).then(([kept, kit]) => {
      if (!active) return;
      setLessons(
        kept.map((lesson) => {
          const inKit = kit?.lessons.find((candidate) => candidate.id === lesson.lessonId);
          return { ...lesson, title: inKit ? `${inKit.courseTitle} · ${inKit.title}` : t("stationApp.storage.unknownLesson") };
        }),
      );
    });
    return () => {
      active = false;
    };
  }, [code, t, version]);

  const remove = async (lessonId: string) => {
    await deleteLesson(lessonId);
    setDeleting(null);
    setVersion((earlier) => earlier + 1);
  };

  return (
    <div className="tv-screen">
      <header className="tv-header">
        <h1>{t("stationApp.storage.pageTitle")}</h1>
        <Link to={`/station/${code}`}>{t("stationApp.backToScreen")}</Link>
      </header>
      <section className="tv-panel" aria-labelledby="usage-title">
        <h2 id="usage-title">{t("stationApp.storage.title")}</h2>
        <StorageSummary refresh={version} />
      </section>
      <section className="tv-panel" aria-labelledby="kept-title">
        <h2 id="kept-title">{t("stationApp.storage.kept")}</h2>
        {lessons === null ? (
          <p className="tv-muted">{t("stationApp.storage.reading")}</p>
        ) : lessons.length === 0 ? (
          <p>{t("stationApp.storage.nothing")}</p>
        ) : (
          <table data-testid="kept-lessons">
            <thead>
              <tr>
                <th scope="col">{t("stationApp.storage.columns.lesson")}</th>
                <th scope="col">{t("stationApp.storage.columns.size")}</th>
                <th scope="col">{t("stationApp.storage.columns.state")}</th>
                <th scope="col">{t("stationApp.storage.columns.delete")}</th>
              </tr>
            </thead>
            <tbody>
              {lessons.map((lesson) => (
                <tr key={lesson.lessonId}>
                  <th scope="row">{lesson.title}</th>
                  <td>{megabytes(lesson.bytes)}</td>
                  <td>{t(lesson.complete ? "stationApp.storage.complete" : "stationApp.storage.partial")}</td>
                  <td>
                    {deleting === lesson.lessonId ? (
                      <span className="tv-buttons">
                        <button type="button" onClick={() => void remove(lesson.lessonId)}>
                          {t("stationApp.storage.confirmDelete")}
                        </button>
                        <button type="button" className="secondary" onClick={() => setDeleting(null)}>
                          {t("stationApp.storage.cancel")}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setDeleting(lesson.lessonId)}
                        aria-label={t("stationApp.storage.deleteLabel", { lesson: lesson.title })}
                      >
                        {t("stationApp.storage.delete")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <Link to={`/station/${code}/download`}>{t("stationApp.download.link")}</Link>
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "本机存储 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
