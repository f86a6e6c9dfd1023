// 朗读: reads text aloud with the browser's own speech synthesis (no download,
// no server). Shown only to those who switched read-aloud on; see
// docs/decisions/013-preparation-accessibility.md.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { pickChineseVoice, preparationSpeechParts, speechChunks, SPEECH_RATE, type SpeechPart } from "~/domain/speech-text.ts";

type Support = "unknown" | "yes" | "no";

/** The page speaks one thing at a time: starting a button puts the one speaking before it back to idle. */
let resetSpeakingButton: (() => void) | null = null;

const noSubscription = () => () => undefined;

function speechSupported(): boolean {
  return typeof window !== "undefined" && Boolean(window.speechSynthesis) && typeof window.SpeechSynthesisUtterance === "function";
}

/**
 * A play/stop button. `getParts` is called at the tap, so it reads the page as
 * it is then. Before scripts run (or without them) nothing is shown: the
 * button could not work.
 */
export function ReadAloudButton({ getParts, label, testId }: { getParts: () => SpeechPart[]; label: string; testId?: string }) {
  const { t } = useTranslation();
  // "unknown" in the server's HTML and while hydrating; then what this browser can do.
  const support = useSyncExternalStore<Support>(
    noSubscription,
    () => (speechSupported() ? "yes" : "no"),
    () => "unknown",
  );
  const [speaking, setSpeaking] = useState(false);
  const [failed, setFailed] = useState(false);
  /** Each start gets a new number; events from an earlier reading are ignored. */
  const run = useRef(0);
  /** Chrome drops events of utterances nobody holds on to: keep them until done. */
  const utterances = useRef<SpeechSynthesisUtterance[]>([]);

  useEffect(() => {
    const supported = speechSupported();
    // Voices load lazily in some browsers: asking now makes them ready by the tap.
    if (supported) window.speechSynthesis.getVoices();
    return () => {
      // Leaving the page stops this button's reading.
      if (supported && utterances.current.length > 0) window.speechSynthesis.cancel();
    };
  }, []);

  if (support === "unknown") return null;
  if (support === "no") {
    return (
      <p className="notice warn read-aloud-unsupported" role="status">
        {t("preferences.speech.unsupported")}
      </p>
    );
  }

  const finish = (id: number) => {
    if (run.current !== id) return;
    run.current++;
    utterances.current = [];
    setSpeaking(false);
  };

  const reset = () => {
    run.current++;
    utterances.current = [];
    setSpeaking(false);
  };

  const start = () => {
    const synth = window.speechSynthesis;
    if (resetSpeakingButton && resetSpeakingButton !== reset) resetSpeakingButton();
    resetSpeakingButton = reset;
    synth.cancel();
    const chunks = speechChunks(getParts());
    if (chunks.length === 0) return;
    const voice = pickChineseVoice(synth.getVoices());
    const id = ++run.current;
    setFailed(false);
    utterances.current = chunks.map((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text);
      // zh-CN even with another Chinese voice or none: the browser then picks its Mandarin default.
      utterance.lang = "zh-CN";
      if (voice) utterance.voice = voice;
      utterance.rate = SPEECH_RATE;
      if (index === chunks.length - 1) utterance.onend = () => finish(id);
      utterance.onerror = (event) => {
        // A stop (or a new start) cancels the queue: not a failure.
        if (event.error === "interrupted" || event.error === "canceled") return;
        if (run.current !== id) return;
        synth.cancel();
        finish(id);
        setFailed(true);
      };
      return utterance;
    });
    for (const utterance of utterances.current) synth.speak(utterance);
    setSpeaking(true);
  };

  const stop = () => {
    reset();
    window.speechSynthesis.cancel();
  };

  return (
    <span className="read-aloud">
      {speaking ? (
        <button type="button" className="secondary read-aloud-button" onClick={stop} data-testid={testId}>
          <span aria-hidden="true">■ </span>
          {t("preferences.speech.stop")}
        </button>
      ) : (
        <button type="button" className="secondary read-aloud-button" onClick={start} data-testid={testId}>
          <span aria-hidden="true">▶ </span>
          {label}
        </button>
      )}
      {failed ? (
        <span className="form-error" role="alert">
          {t("preferences.speech.failed")}
        </span>
      ) : null}
    </span>
  );
}

/** 备课: the guide as shown on the page (element `guideId`), then the thinking questions. */
export function PreparationReadAloud({ guideId, thinking }: { guideId: string; thinking: string[] }) {
  const { t } = useTranslation();
  return (
    <ReadAloudButton
      testId="read-aloud-preparation"
      label={t("preferences.speech.preparation")}
      getParts={() =>
        preparationSpeechParts({
          guideText: document.getElementById(guideId)?.innerText ?? "",
          thinking,
          labels: {
            guide: t("lesson.guide"),
            thinking: t("preferences.speech.thinkingHeading"),
            question: (number) => t("preferences.speech.questionNumber", { number }),
          },
        })
      }
    />
  );
}
