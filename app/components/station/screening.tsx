// 观看 for the room: the station's screen plays the film and records each
// stretch it really played as a `played` event, on the session's clock. The
// server judges the stretches (rate, overlap, the film's length) and the share
// of the film the room saw; the screen shows that share as it grows.
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import { LessonVideo, mediaIn, type LessonVideoSource } from "~/components/lesson-video.tsx";
import { isPlaybackStep } from "~/domain/viewing-rules.ts";
import { mergeIntervals, watchedShare, type Interval } from "~/domain/watch-intervals.ts";

/** A long stretch goes up in parts, so a power cut loses at most this much of the showing. */
const FLUSH_MS = 10_000;

type Stretch = { fromMs: number; toMs: number; mediaFrom: number; mediaTo: number };

type Props = {
  title: string;
  video: LessonVideoSource;
  durationSeconds: number;
  completionShare: number;
  maxPlaybackRate: number;
  stretches: Stretch[];
  clock: () => number;
  send: (bodies: SessionEventBody[], options?: { revalidate?: boolean }) => Promise<unknown>;
};

export function Screening(props: Props) {
  const { t } = useTranslation();
  const wrap = useRef<HTMLDivElement>(null);
  /** The stretch playing now: since when (session clock and media time), and the media time last seen as playback. */
  const open = useRef<{ fromMs: number; mediaFrom: number; mediaTo: number; seenAt: number } | null>(null);
  const [sent, setSent] = useState<Interval[]>([]);
  const [playing, setPlaying] = useState(false);
  const { clock, send, durationSeconds } = props;

  const flush = useCallback(
    (goOn: boolean) => {
      const stretch = open.current;
      open.current = null;
      if (!stretch || stretch.mediaTo <= stretch.mediaFrom) {
        if (goOn && stretch) open.current = { ...stretch, fromMs: clock(), mediaFrom: stretch.mediaTo };
        return;
      }
      const toMs = clock();
      const played: Stretch = { fromMs: stretch.fromMs, toMs, mediaFrom: stretch.mediaFrom, mediaTo: stretch.mediaTo };
      setSent((earlier) => mergeIntervals(earlier, [[played.mediaFrom, played.mediaTo]], durationSeconds));
      void send([{ type: "played", ...played }], { revalidate: !goOn });
      // Playing on: the next stretch starts where this one ended, on both clocks.
      if (goOn) open.current = { fromMs: toMs, mediaFrom: stretch.mediaTo, mediaTo: stretch.mediaTo, seenAt: performance.now() };
    },
    [clock, send, durationSeconds],
  );

  useEffect(() => {
    const timer = setInterval(() => {
      if (open.current) flush(true);
    }, FLUSH_MS);
    return () => {
      clearInterval(timer);
      flush(false);
    };
  }, [flush]);

  const onPlaying = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    if (media.paused || media.seeking) return;
    setPlaying(true);
    open.current = { fromMs: clock(), mediaFrom: media.currentTime, mediaTo: media.currentTime, seenAt: performance.now() };
  };
  const onTimeUpdate = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    const stretch = open.current;
    if (!stretch || media.paused || media.seeking) return;
    const wallSeconds = (performance.now() - stretch.seenAt) / 1000;
    if (isPlaybackStep(stretch.mediaTo, media.currentTime, wallSeconds, media.playbackRate)) {
      stretch.mediaTo = media.currentTime;
      stretch.seenAt = performance.now();
    } else {
      // A jump the seeking events did not announce: what played up to it counts, then a new stretch.
      flush(false);
      open.current = { fromMs: clock(), mediaFrom: media.currentTime, mediaTo: media.currentTime, seenAt: performance.now() };
    }
  };
  const onStop = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    if (open.current && !media.seeking && media.currentTime > open.current.mediaTo) {
      const wallSeconds = (performance.now() - open.current.seenAt) / 1000;
      if (isPlaybackStep(open.current.mediaTo, media.currentTime, wallSeconds, media.playbackRate))
        open.current.mediaTo = media.currentTime;
    }
    setPlaying(!media.paused && !media.ended);
    flush(false);
  };

  const toggle = useCallback(() => {
    const media = mediaIn(wrap.current);
    if (!media) return;
    if (media.paused) void media.play().catch(() => undefined);
    else media.pause();
  }, []);

  // Space plays and pauses from anywhere on this ring, except where it types or presses a button.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== " " || target.closest("button, input, textarea, select, mux-player")) return;
      event.preventDefault();
      toggle();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [toggle]);

  const accepted = mergeIntervals(
    [],
    props.stretches.map((stretch) => [stretch.mediaFrom, stretch.mediaTo] as Interval),
    durationSeconds,
  );
  const share = watchedShare(mergeIntervals(accepted, sent, durationSeconds), durationSeconds);

  if (!props.video.src && !props.video.muxPlaybackId) return <p>{t("station.tv.viewing.noVideo")}</p>;
  return (
    <div>
      <div className="player-wrap tv-player" ref={wrap}>
        <LessonVideo
          title={props.title}
          video={props.video}
          maxPlaybackRate={props.maxPlaybackRate}
          testId="station-player"
          onPlaying={onPlaying}
          onSeeked={onPlaying}
          onTimeUpdate={onTimeUpdate}
          onPause={onStop}
          onSeeking={onStop}
          onEnded={onStop}
        />
      </div>
      <p className="tv-buttons">
        <button type="button" onClick={toggle} aria-pressed={playing} data-testid="play-pause">
          {playing ? t("station.tv.viewing.pause") : t("station.tv.viewing.play")}
        </button>
      </p>
      <p className="tv-share" aria-live="polite" data-testid="screening-share">
        {t("station.tv.viewing.shown", { percent: Math.floor(share * 100), required: Math.round(props.completionShare * 100) })}
      </p>
      <div className="progress" aria-hidden="true">
        <span style={{ width: `${Math.floor(share * 100)}%` }} />
      </div>
      <p className="tv-muted">{t("station.tv.viewing.keys")}</p>
    </div>
  );
}
