// The one way a lesson's video is put on a page (a learner's phone, a
// station's screen): Mux's player on the lesson's file or Mux asset, no
// tracking or cookies, captions shown, every subtitle track offered. What
// counts as watched is the caller's business, through the media events.
import MuxPlayer from "@mux/mux-player-react/lazy";
import type { ComponentProps } from "react";

type MediaHandlers = Pick<
  ComponentProps<typeof MuxPlayer>,
  "onTimeUpdate" | "onPause" | "onPlay" | "onPlaying" | "onSeeking" | "onSeeked" | "onEnded"
>;

/** The playback rates a lesson allows, up to its maximum. */
export const ratesUpTo = (maxPlaybackRate: number) => [1, 1.25, 1.5, 2].filter((rate) => rate <= maxPlaybackRate);

export function LessonVideo({
  title,
  video,
  maxPlaybackRate,
  startTime,
  testId,
  ...handlers
}: {
  title: string;
  video: { src: string | null; muxPlaybackId: string | null; subtitles: { lang: string; label: string; file: string }[] };
  maxPlaybackRate: number;
  startTime?: number;
  testId: string;
} & MediaHandlers) {
  return (
    <MuxPlayer
      title={title}
      src={video.src ?? undefined}
      playbackId={video.muxPlaybackId ?? undefined}
      startTime={startTime}
      playbackRates={ratesUpTo(maxPlaybackRate)}
      disableTracking
      disableCookies
      defaultHiddenCaptions={false}
      accentColor="#b71c1c"
      data-testid={testId}
      {...handlers}
    >
      {video.subtitles.map((track, index) => (
        <track
          key={track.file}
          kind="subtitles"
          src={`/media/${track.file}`}
          srcLang={track.lang}
          label={track.label}
          default={index === 0}
        />
      ))}
    </MuxPlayer>
  );
}
