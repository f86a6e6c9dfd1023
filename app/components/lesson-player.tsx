// 观看: plays the lesson and reports what was really played. The report is the
// whole set of ranges played since the page opened, so a lost or repeated
// heartbeat costs nothing: the server keeps the union and judges the time.
import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { clipBefore, isAttentionDue, isPlaybackStep } from "~/domain/viewing-rules.ts";
import { mergeIntervals, missingIntervals, watchedShare, type Interval } from "~/domain/watch-intervals.ts";
import { formatSeconds } from "~/utils/misc.ts";
import { LessonVideo, mediaIn } from "./lesson-video.tsx";

const HEARTBEAT_MS = 5000;
/** A media time this far past the furthest point watched, reported by a time update, is a jump the seeking handler missed. */
const MAX_STEP_SECONDS = 2;
/** A forward seek this far past the furthest point watched is pulled back (when the lesson forbids skipping). */
const SEEK_SLACK_SECONDS = 1;
const NOTICE_MS = 6000;

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
  /** The lesson's viewing settings (docs/decisions/012). */
  pauseWhenHidden: boolean;
  noSeekingAhead: boolean;
  attentionCheckMinutes: number | null;
  /** The pending attention check as stored, before the first heartbeat reply. */
  initialAttentionAt: number | null;
};

type HeartbeatReply = { intervals: Interval[]; viewingComplete: boolean; attentionAt: number | null; attentionDue: boolean };
type NoticeKey = "pausedHidden" | "seekBlocked" | "notPrepared";

export function LessonPlayer(props: Props) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const played = useRef<Interval[]>([]);
  const segmentStart = useRef<number | null>(null);
  const lastTime = useRef<number | null>(null);
  /** When `lastTime` was reported (performance.now()), to tell playback from a jump by the wall clock. */
  const lastTimeAtMs = useRef(0);
  const position = useRef(props.startAt);
  const [serverIntervals, setServerIntervals] = useState<Interval[]>(props.initialIntervals);
  const [offline, setOffline] = useState(false);
  const sending = useRef(false);
  /** A heartbeat was asked for while one was in flight: send again when it returns. */
  const again = useRef(false);
  const viewingDone = useRef(props.viewingDone);
  const wrap = useRef<HTMLDivElement>(null);
  const initialAttentionAt = props.attentionCheckMinutes === null ? null : props.initialAttentionAt;
  const attentionAt = useRef<number | null>(initialAttentionAt);
  /** The same position for the page (and its tests) to read: rendering may not read a ref. */
  const [attentionShown, setAttentionShown] = useState(initialAttentionAt);
  /** The check position the learner answered, sent until the server has moved the check on. */
  const answer = useRef<number | null>(null);
  const [prompt, setPrompt] = useState<"closed" | "open" | "sending" | "failed">("closed");
  const promptOpen = useRef(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const [notice, setNotice] = useState<{ key: NoticeKey; time?: string } | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>();

  const showNotice = useCallback((next: { key: NoticeKey; time?: string }, sticky = false) => {
    clearTimeout(noticeTimer.current);
    setNotice(next);
    if (!sticky) noticeTimer.current = setTimeout(() => setNotice(null), NOTICE_MS);
  }, []);

  const openPrompt = useCallback(() => {
    if (promptOpen.current) return;
    promptOpen.current = true;
    setPrompt("open");
    const media = mediaIn(wrap.current);
    if (media && !media.paused) media.pause();
    // A prompt under a full-screen video would be out of sight.
    if (typeof document !== "undefined" && document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, []);

  const closePromptAndPlay = useCallback(() => {
    promptOpen.current = false;
    setPrompt("closed");
    void mediaIn(wrap.current)
      ?.play()
      .catch(() => undefined);
  }, []);

  const closeSegment = useCallback(() => {
    if (segmentStart.current !== null && lastTime.current !== null && lastTime.current > segmentStart.current) {
      played.current = mergeIntervals(played.current, [[segmentStart.current, lastTime.current]], props.durationSeconds);
    }
    segmentStart.current = null;
  }, [props.durationSeconds]);

  const sendAgain = useRef<() => void>(() => undefined);
  const sendHeartbeat = useCallback(async () => {
    if (sending.current) {
      again.current = true;
      return;
    }
    const open = segmentStart.current !== null && lastTime.current !== null ? [[segmentStart.current, lastTime.current] as Interval] : [];
    const intervals = mergeIntervals(played.current, open, props.durationSeconds);
    const answering = answer.current;
    if (intervals.length === 0 && answering === null) return;
    sending.current = true;
    again.current = false;
    try {
      const response = await fetch("/api/heartbeat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          lessonId: props.lessonId,
          intervals,
          position: position.current,
          visible: document.visibilityState !== "hidden",
          ...(answering === null ? {} : { attentionAnswer: answering }),
        }),
        keepalive: true,
      });
      if (response.status === 409 && ((await response.json()) as { reason?: string }).reason === "not-prepared") {
        // The server credits nothing before the preparation ring is confirmed: say so, and reload the page's stages.
        setOffline(false);
        mediaIn(wrap.current)?.pause();
        showNotice({ key: "notPrepared" }, true);
        revalidator.revalidate();
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const reply = (await response.json()) as HeartbeatReply;
      attentionAt.current = reply.attentionAt;
      setAttentionShown(reply.attentionAt);
      setOffline(false);
      setServerIntervals(reply.intervals);
      if (answering !== null) {
        answer.current = null;
        // Answered (the check moved on), or not reached after all: it comes back when he gets there.
        // "继续观看" means go on: play again without a second tap (the tap was the user gesture).
        if (!reply.attentionDue) closePromptAndPlay();
        // Refused (the check the learner saw is not the pending one), or the next one is due already.
        else setPrompt(reply.attentionAt === answering ? "failed" : "open");
      } else if (reply.attentionDue) {
        openPrompt();
      } else if (promptOpen.current && reply.attentionAt === null) {
        // No check pending any more (viewing is done): nothing to answer, the video goes on.
        closePromptAndPlay();
      }
      if (reply.viewingComplete && !viewingDone.current) {
        viewingDone.current = true;
        revalidator.revalidate();
      }
    } catch {
      setOffline(true);
      if (answering !== null) setPrompt("failed");
    } finally {
      sending.current = false;
    }
    // A change seen while this one was on its way goes up at once, through the ref (the callback cannot name itself).
    if (again.current) sendAgain.current();
  }, [props.lessonId, props.durationSeconds, revalidator, openPrompt, closePromptAndPlay, showNotice]);

  useEffect(() => {
    sendAgain.current = () => void sendHeartbeat();
  }, [sendHeartbeat]);

  useEffect(() => {
    const timer = setInterval(() => void sendHeartbeat(), HEARTBEAT_MS);
    const onVisibility = () => {
      if (document.visibilityState === "hidden" && props.pauseWhenHidden) {
        const media = mediaIn(wrap.current);
        if (media && !media.paused) {
          media.pause();
          showNotice({ key: "pausedHidden" }, true);
        }
      }
      // Hidden: the server stops this learner's clock; visible again: it starts it.
      void sendHeartbeat();
    };
    const onOnline = () => void sendHeartbeat();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", onOnline);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
    };
  }, [sendHeartbeat, props.pauseWhenHidden, showNotice]);

  useEffect(() => () => clearTimeout(noticeTimer.current), []);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (prompt !== "closed" && !element.open) element.showModal();
    if (prompt === "closed" && element.open) element.close();
  }, [prompt]);

  /** How far the learner may go: the furthest point watched, here or on the server. */
  const furthestWatched = () => {
    const open = segmentStart.current !== null && lastTime.current !== null ? [[segmentStart.current, lastTime.current] as Interval] : [];
    const all = mergeIntervals(serverIntervals, [...played.current, ...open], props.durationSeconds);
    return Math.max(props.startAt, lastTime.current ?? 0, ...all.map(([, end]) => end));
  };

  const answerPrompt = () => {
    const at = attentionAt.current;
    if (at === null) {
      promptOpen.current = false;
      setPrompt("closed");
      return;
    }
    // What played while the prompt waited never counts: the next heartbeats leave it out.
    closeSegment();
    played.current = clipBefore(played.current, at);
    answer.current = at;
    setPrompt("sending");
    void sendHeartbeat();
  };

  const onTimeUpdate = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    const now = media.currentTime;
    position.current = now;
    if (props.noSeekingAhead && !media.seeking && now > furthestWatched() + MAX_STEP_SECONDS) {
      // A jump the seeking handler did not catch (the element reported the new time late): pull back here.
      pullBack(media);
      return;
    }
    if (promptOpen.current) {
      if (!media.paused) media.pause();
    } else if (isAttentionDue(now, attentionAt.current) && !media.seeking) {
      openPrompt();
      void sendHeartbeat();
    }
    recordPosition(media, !media.paused && !media.seeking);
  };
  /**
   * Counts the stretch from the last reported time to the media's time now if
   * it was playback, then goes on from there (`playing`) or ends the stretch.
   */
  const recordPosition = (media: HTMLMediaElement, playing: boolean) => {
    const now = media.currentTime;
    const previous = lastTime.current;
    const wallSeconds = (performance.now() - lastTimeAtMs.current) / 1000;
    const played = previous !== null && !media.seeking && isPlaybackStep(previous, now, wallSeconds, media.playbackRate);
    if (played) segmentStart.current ??= previous;
    else closeSegment();
    lastTime.current = now;
    lastTimeAtMs.current = performance.now();
    if (!playing) {
      closeSegment();
      lastTime.current = null;
    }
  };
  /** Playback (re)starts here: the stretch up to the first time update counts too. */
  const onPlaying = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    if (media.paused || media.seeking) return;
    lastTime.current = media.currentTime;
    lastTimeAtMs.current = performance.now();
  };
  /** A pause or the end: what played up to this moment counts, then it goes up at once. */
  const onStop = (event: Event) => {
    recordPosition(event.target as HTMLMediaElement, false);
    void sendHeartbeat();
  };
  const pullBack = (media: HTMLMediaElement) => {
    const furthest = furthestWatched();
    media.currentTime = furthest;
    showNotice({ key: "seekBlocked", time: formatSeconds(furthest) });
  };
  const onSeeking = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    if (props.noSeekingAhead && media.currentTime > furthestWatched() + SEEK_SLACK_SECONDS) pullBack(media);
    // The media's time is already the target: the stretch ends where it was last reported.
    closeSegment();
    lastTime.current = null;
    void sendHeartbeat();
  };
  const onPlay = (event: Event) => {
    // Neither the prompt nor a hidden page plays.
    if (promptOpen.current) (event.target as HTMLMediaElement).pause();
    else if (notice?.key === "pausedHidden") setNotice(null);
  };

  const share = watchedShare(serverIntervals, props.durationSeconds);
  const gaps = missingIntervals(serverIntervals, props.durationSeconds).filter(([start, end]) => end - start >= 1);

  return (
    <div data-lesson-id={props.lessonId} data-attention-at={attentionShown ?? undefined}>
      <div className="player-wrap" ref={wrap}>
        <LessonVideo
          title={props.title}
          video={{ src: props.src, muxPlaybackId: props.muxPlaybackId, subtitles: props.subtitles }}
          maxPlaybackRate={props.maxPlaybackRate}
          startTime={props.startAt}
          testId="lesson-player"
          onTimeUpdate={onTimeUpdate}
          onPause={onStop}
          onPlay={onPlay}
          onPlaying={onPlaying}
          onSeeking={onSeeking}
          onSeeked={onPlaying}
          onEnded={onStop}
        />
        {/* A modal dialog: above everything (the player included), keyboard-trapped, one big button. */}
        <dialog
          ref={dialog}
          className="attention-check"
          aria-labelledby="attention-title"
          aria-describedby="attention-body"
          data-testid="attention-check"
          onCancel={(event) => event.preventDefault()}
        >
          <p id="attention-title" className="attention-title">
            {t("viewing.attentionTitle")}
          </p>
          <p id="attention-body">{t("viewing.attentionBody")}</p>
          <button type="button" className="attention-button" onClick={answerPrompt} disabled={prompt === "sending"}>
            {prompt === "sending" ? t("viewing.attentionSending") : t("viewing.attentionButton")}
          </button>
          {prompt === "failed" ? <p role="alert">{t("viewing.attentionOffline")}</p> : null}
        </dialog>
      </div>
      {notice ? (
        <p className="notice warn" role="status" data-testid="viewing-notice">
          {t(`viewing.${notice.key}`, notice.time === undefined ? {} : { time: notice.time })}
        </p>
      ) : null}
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
      <ul className="muted viewing-rules">
        {props.pauseWhenHidden ? <li>{t("viewing.settingsHidden")}</li> : null}
        {props.noSeekingAhead ? <li>{t("viewing.settingsNoSeek")}</li> : null}
        {props.attentionCheckMinutes !== null ? <li>{t("viewing.settingsAttention", { minutes: props.attentionCheckMinutes })}</li> : null}
      </ul>
    </div>
  );
}
