// 观看: plays the lesson and reports what was really played. The report is the
// whole set of ranges played since the page opened, so a lost or repeated
// heartbeat costs nothing: the server keeps the union and judges the time.
import MuxPlayer from "@mux/mux-player-react/lazy";
import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { mergeIntervals, missingIntervals, watchedShare, type Interval } from "~/domain/watch-intervals.ts";
import { formatSeconds } from "~/utils/misc.ts";

const HEARTBEAT_MS = 5000;
/** A timeupdate step longer than this (in media seconds) is a seek, not playback. */
const MAX_STEP_SECONDS = 2;

type Props = {
  lessonId: string;
  title: string;
  src: string | null;
  muxPlaybackId: string | null;
  subtitles: { lang: string; label: string; file: string }[];
  durationSeconds: number;
  completionShare: number;
  maxPlaybackRate: number;
  startAt: number;
  initialIntervals: Interval[];
  viewingDone: boolean;
};

type HeartbeatReply = { intervals: Interval[]; viewingComplete: boolean };

export function LessonPlayer(props: Props) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const played = useRef<Interval[]>([]);
  const segmentStart = useRef<number | null>(null);
  const lastTime = useRef<number | null>(null);
  const position = useRef(props.startAt);
  const [serverIntervals, setServerIntervals] = useState<Interval[]>(props.initialIntervals);
  const [offline, setOffline] = useState(false);
  const sending = useRef(false);
  const viewingDone = useRef(props.viewingDone);

  const closeSegment = useCallback(() => {
    if (segmentStart.current !== null && lastTime.current !== null && lastTime.current > segmentStart.current) {
      played.current = mergeIntervals(played.current, [[segmentStart.current, lastTime.current]], props.durationSeconds);
    }
    segmentStart.current = null;
  }, [props.durationSeconds]);

  const sendHeartbeat = useCallback(async () => {
    if (sending.current) return;
    const open = segmentStart.current !== null && lastTime.current !== null ? [[segmentStart.current, lastTime.current] as Interval] : [];
    const intervals = mergeIntervals(played.current, open, props.durationSeconds);
    if (intervals.length === 0) return;
    sending.current = true;
    try {
      const response = await fetch("/api/heartbeat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ lessonId: props.lessonId, intervals, position: position.current }),
        keepalive: true,
      });
      if (!response.ok) throw new Error(String(response.status));
      const reply = (await response.json()) as HeartbeatReply;
      setOffline(false);
      setServerIntervals(reply.intervals);
      if (reply.viewingComplete && !viewingDone.current) {
        viewingDone.current = true;
        revalidator.revalidate();
      }
    } catch {
      setOffline(true);
    } finally {
      sending.current = false;
    }
  }, [props.lessonId, props.durationSeconds, revalidator]);

  useEffect(() => {
    const timer = setInterval(() => void sendHeartbeat(), HEARTBEAT_MS);
    const onHidden = () => {
      if (document.visibilityState === "hidden") void sendHeartbeat();
    };
    document.addEventListener("visibilitychange", onHidden);
    window.addEventListener("online", onHidden);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("online", onHidden);
    };
  }, [sendHeartbeat]);

  const onTimeUpdate = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    const now = media.currentTime;
    position.current = now;
    const previous = lastTime.current;
    if (media.paused || media.seeking || previous === null || now < previous || now - previous > MAX_STEP_SECONDS) {
      closeSegment();
      segmentStart.current = media.paused || media.seeking ? null : now;
    } else if (segmentStart.current === null) {
      segmentStart.current = previous;
    }
    lastTime.current = now;
  };
  const onInterrupt = () => {
    closeSegment();
    lastTime.current = null;
    void sendHeartbeat();
  };

  const share = watchedShare(serverIntervals, props.durationSeconds);
  const gaps = missingIntervals(serverIntervals, props.durationSeconds).filter(([start, end]) => end - start >= 1);
  const rates = [1, 1.25, 1.5, 2].filter((rate) => rate <= props.maxPlaybackRate);

  return (
    <div data-lesson-id={props.lessonId}>
      <div className="player-wrap">
        <MuxPlayer
          title={props.title}
          src={props.src ?? undefined}
          playbackId={props.muxPlaybackId ?? undefined}
          startTime={props.startAt}
          playbackRates={rates}
          disableTracking
          disableCookies
          defaultHiddenCaptions={false}
          onTimeUpdate={onTimeUpdate}
          onPause={onInterrupt}
          onSeeking={onInterrupt}
          onEnded={onInterrupt}
          accentColor="#b71c1c"
          data-testid="lesson-player"
        >
          {props.subtitles.map((track, index) => (
            <track key={track.file} kind="subtitles" src={`/media/${track.file}`} srcLang={track.lang} label={track.label} default={index === 0} />
          ))}
        </MuxPlayer>
      </div>
      <p aria-live="polite" data-testid="watched-share">
        {t("lesson.watched", { percent: Math.floor(share * 100), required: Math.round(props.completionShare * 100) })}
      </p>
      <div className="progress" aria-hidden="true">
        <span style={{ width: `${Math.floor(share * 100)}%` }} />
      </div>
      {gaps.length > 0 && share > 0 ? (
        <p className="muted">
          {t("lesson.missing", { ranges: gaps.map(([start, end]) => `${formatSeconds(start)}–${formatSeconds(end)}`).join("，") })}
        </p>
      ) : null}
      {offline ? <p className="notice warn">{t("lesson.offline")}</p> : null}
    </div>
  );
}
