// 下载课程: before a day without network the operator downloads the lessons
// the station will show (decision 026): their pages, films and subtitles, the
// station's people and a paper drawn on the server for each of them who takes
// the test. The page shows what each takes and what the device has room for,
// asks the browser to keep it, and shows each lesson's progress; a download
// cut short goes on from where it stopped.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { megabytes, StorageSummary } from "~/components/station/storage-summary.tsx";
import type { StationKit } from "~/domain/station/kit.ts";
import { stationDownloadChoices } from "~/models/station-kit.server.ts";
import { cachedLessons, downloadLesson, type DownloadProgress } from "~/station-app/download.ts";
import { deviceId, kitOf, saveKit } from "~/station-app/outbox.ts";
import { stationInReach } from "~/utils/station-access.server.ts";

export const handle = { screen: "tv" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { station } = await stationInReach(request, params.code);
  return {
    station: { code: station.code, name: station.name },
    choices: await stationDownloadChoices(station),
  };
}

type LessonState = { status: "none" | "kept" | "downloading" | "stopped"; held: number; total: number; problem: string | null };

export default function DownloadLessons() {
  const { station, choices } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [states, setStates] = useState<Record<string, LessonState>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [usageVersion, setUsageVersion] = useState(0);

  const look = useCallback(async () => {
    const kept = await cachedLessons();
    return (earlier: Record<string, LessonState>) => {
      const next = { ...earlier };
      for (const choice of choices) {
        const found = kept.find((lesson) => lesson.lessonId === choice.id);
        if (next[choice.id]?.status === "downloading") continue;
        next[choice.id] = found?.complete
          ? { status: "kept", held: found.bytes, total: found.bytes, problem: null }
          : found
            ? { status: "stopped", held: found.bytes, total: choice.bytes, problem: next[choice.id]?.problem ?? null }
            : { status: "none", held: 0, total: choice.bytes, problem: null };
      }
      return next;
    };
  }, [choices]);
  useEffect(() => {
    void look().then((update) => setStates(update));
  }, [look]);

  const toggle = (lessonId: string) =>
    setChosen((earlier) => {
      const next = new Set(earlier);
      if (next.has(lessonId)) next.delete(lessonId);
      else next.add(lessonId);
      return next;
    });

  const download = async () => {
    const lessonIds = choices.filter((choice) => chosen.has(choice.id)).map((choice) => choice.id);
    if (lessonIds.length === 0) return;
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/stations/${encodeURIComponent(station.code)}/kit`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ deviceId: await deviceId(), lessonIds }),
      });
      if (!response.ok) {
        setProblem(t("stationApp.download.problems.kit"));
        return;
      }
      const kit = (await response.json()) as StationKit;
      await saveKit(mergedKit((await kitOf(station.code)) ?? null, kit));
      for (const lesson of kit.lessons) {
        const onProgress = (progress: DownloadProgress) =>
          setStates((earlier) => ({
            ...earlier,
            [lesson.id]: { status: "downloading", held: progress.bytesHeld, total: progress.bytesTotal, problem: null },
          }));
        const result = await downloadLesson(station.code, lesson, onProgress);
        setStates((earlier) => ({
          ...earlier,
          [lesson.id]: result.ok
            ? { status: "kept", held: result.bytes, total: result.bytes, problem: null }
            : {
                status: "stopped",
                held: earlier[lesson.id]?.held ?? 0,
                total: earlier[lesson.id]?.total ?? 0,
                problem: t(`stationApp.download.problems.${result.problem}`),
              },
        }));
        if (!result.ok) break;
      }
    } catch (error) {
      // The kit itself did not fit (IndexedDB), or the network dropped while it came.
      const full = error instanceof DOMException && error.name === "QuotaExceededError";
      setProblem(t(full ? "stationApp.download.problems.storage-full" : "stationApp.download.problems.offline"));
    } finally {
      setBusy(false);
      setUsageVersion((version) => version + 1);
      setStates(await look());
    }
  };

  const planned = choices.filter((choice) => choice.plannedWithinTwoWeeks);
  const chosenBytes = choices.filter((choice) => chosen.has(choice.id)).reduce((sum, choice) => sum + choice.bytes, 0);
  return (
    <div className="tv-screen">
      <header className="tv-header">
        <h1>{t("stationApp.download.title", { station: station.name })}</h1>
        <Link to={`/station/${station.code}`}>{t("stationApp.backToScreen")}</Link>
      </header>
      <section className="tv-panel" aria-labelledby="storage-title">
        <h2 id="storage-title">{t("stationApp.storage.title")}</h2>
        <StorageSummary refresh={usageVersion} />
        <p>
          <Link to={`/station/${station.code}/storage`}>{t("stationApp.storage.manage")}</Link>
        </p>
      </section>
      <section className="tv-panel" aria-labelledby="choose-title">
        <h2 id="choose-title">{t("stationApp.download.choose")}</h2>
        <p className="tv-buttons">
          <button
            type="button"
            className="secondary"
            disabled={planned.length === 0 || busy}
            onClick={() => setChosen(new Set(planned.map((choice) => choice.id)))}
          >
            {t("stationApp.download.nextTwoWeeks", { count: planned.length })}
          </button>
        </p>
        <ul className="tv-list" data-testid="download-choices">
          {choices.map((choice) => {
            const state = states[choice.id];
            const percent = state && state.total > 0 ? Math.floor((state.held / state.total) * 100) : 0;
            return (
              <li key={choice.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(choice.id)}
                    onChange={() => toggle(choice.id)}
                    disabled={busy}
                    data-testid={`choose-${choice.id}`}
                  />{" "}
                  {choice.courseTitle} · {choice.title}{" "}
                  <span className="tv-muted">
                    {megabytes(choice.bytes)}
                    {choice.plannedDates.length > 0
                      ? ` · ${t("stationApp.download.plannedOn", { dates: choice.plannedDates.join("、") })}`
                      : ""}
                  </span>
                </label>
                <span data-testid={`download-state-${choice.id}`}>
                  {state?.status === "kept" ? t("stationApp.download.kept") : null}
                  {state?.status === "downloading" || state?.status === "stopped" ? (
                    <>
                      <progress max={100} value={percent} aria-label={t("stationApp.download.progressOf", { lesson: choice.title })} />{" "}
                      {t(state.status === "downloading" ? "stationApp.download.percent" : "stationApp.download.stoppedAt", { percent })}
                    </>
                  ) : null}
                  {state?.problem ? (
                    <span className="notice warn" role="alert">
                      {state.problem}
                    </span>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
        <p>{t("stationApp.download.chosen", { count: chosen.size, size: megabytes(chosenBytes) })}</p>
        <p className="tv-buttons">
          <button type="button" onClick={() => void download()} disabled={busy || chosen.size === 0}>
            {busy ? t("stationApp.download.downloading") : t("stationApp.download.start")}
          </button>
        </p>
        <div aria-live="polite">
          {problem ? (
            <p className="notice warn" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
        <p className="tv-muted">{t("stationApp.download.how")}</p>
      </section>
    </div>
  );
}

/** The kit after a new download: its people and papers are the newest; lessons downloaded before and not again stay. */
function mergedKit(earlier: StationKit | null, fresh: StationKit): StationKit {
  const kept = (earlier?.lessons ?? []).filter((lesson) => !fresh.lessons.some((again) => again.id === lesson.id));
  return { ...fresh, lessons: [...kept, ...fresh.lessons] };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.station.name ?? "站点"} 下载课程 · 四环学习` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
