// The one way a lesson's video is put on a page (a learner's phone, a
// station's screen): Mux's player on the lesson's file or Mux asset, no
// tracking or cookies, captions shown, every subtitle track offered. What
// counts as watched is the caller's business, through the media events.
import MuxPlayer from "@mux/mux-player-react/lazy";
import { useEffect, useRef, type ComponentProps } from "react";

type MediaHandlers = Pick<
  ComponentProps<typeof MuxPlayer>,
  "onTimeUpdate" | "onPause" | "onPlay" | "onPlaying" | "onSeeking" | "onSeeked" | "onEnded"
>;

/** Where a lesson's video plays from, with its subtitle tracks (the model's lessonVideo). */
export type LessonVideoSource = {
  src: string | null;
  muxPlaybackId: string | null;
  subtitles: { lang: string; label: string; file: string }[];
};

/** The media element of the player inside `wrap`, once it is on the page. */
export function mediaIn(wrap: HTMLElement | null): HTMLMediaElement | null {
  return (wrap?.querySelector("mux-player") as HTMLMediaElement | null) ?? null;
}

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
  video: LessonVideoSource;
  maxPlaybackRate: number;
  startTime?: number;
  testId: string;
} & MediaHandlers) {
  const watchTracks = useOneSubtitleTrack(video.subtitles[0]?.lang ?? null);
  return (
    <MuxPlayer
      onLoadedMetadata={watchTracks}
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

/**
 * One subtitle track on screen at a time. The player turns on more than one
 * when a lesson has several languages, and two lines of captions would cover
 * each other: the one turned on last stays (the viewer's choice from the
 * menu), and at the start the lesson's first language. Watched from the
 * media's first metadata on: the lazily loaded player has no track list before.
 */
function useOneSubtitleTrack(firstLanguage: string | null) {
  const watched = useRef<TextTrackList | null>(null);
  const cleanup = useRef<() => void>(() => undefined);
  useEffect(() => () => cleanup.current(), []);
  return (event: { target: EventTarget | null }) => {
    const tracks = (event.target as HTMLMediaElement | null)?.textTracks;
    if (!tracks || watched.current === tracks) return;
    cleanup.current();
    watched.current = tracks;
    let shown: TextTrack | null = null;
    const keepOne = () => {
      const showing = [...tracks].filter((track) => track.kind === "subtitles" && track.mode === "showing");
      if (showing.length > 1) {
        const keep =
          (shown && showing.find((track) => track !== shown)) ?? showing.find((track) => track.language === firstLanguage) ?? showing[0]!;
        for (const track of showing) if (track !== keep) track.mode = "disabled";
        shown = keep;
      } else shown = showing[0] ?? null;
    };
    keepOne();
    tracks.addEventListener("change", keepOne);
    tracks.addEventListener("addtrack", keepOne);
    cleanup.current = () => {
      tracks.removeEventListener("change", keepOne);
      tracks.removeEventListener("addtrack", keepOne);
    };
  };
}
