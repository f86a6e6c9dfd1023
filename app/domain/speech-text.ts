// 朗读: what the read-aloud button says, in which order, cut into pieces a
// browser's speech synthesis reads reliably, and which voice reads it.
// Pure: the component in app/components/read-aloud.tsx does the speaking.

/** One block to read: an optional heading said first, then its text. */
export type SpeechPart = { heading?: string; text: string };

/**
 * Longest piece handed to the browser at once. Some engines (Chrome's among
 * them) stop silently in the middle of a long utterance; a short Chinese
 * sentence or two stays well under that.
 */
export const MAX_CHUNK_CHARS = 120;

/** Speaking rate: a little slower than the default, for older listeners. */
export const SPEECH_RATE = 0.85;

/** Where a sentence ends (kept with the sentence). */
const SENTENCE_END = /[。！？；!?;…]/;
/** Where a long sentence may be cut when it must be. */
const CLAUSE_END = /[，、：,:]/;

/** Whitespace folded to single spaces; spaces next to Chinese characters dropped (they are layout, not pauses). */
export function normalizeSpeechText(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/ ?([\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) ?/g, "$1")
    .trim();
}

/** Splits text at `pattern`, keeping each delimiter (and any closing quotes after it) with the text before it. */
function splitAfter(text: string, pattern: RegExp): string[] {
  const pieces: string[] = [];
  let current = "";
  const chars = [...text];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    current += char;
    // A Latin full stop ends a sentence only before a space or the end: "1.5 学时" stays whole.
    const latinStop = pattern === SENTENCE_END && char === "." && (index + 1 === chars.length || chars[index + 1] === " ");
    if (pattern.test(char) || latinStop) {
      while (index + 1 < chars.length && /[”’"'）)」』]/.test(chars[index + 1]!)) current += chars[++index];
      pieces.push(current);
      current = "";
    }
  }
  if (current) pieces.push(current);
  return pieces.map((piece) => piece.trim()).filter((piece) => piece.length > 0);
}

/** Cuts one sentence longer than `max` at clause marks, and as a last resort every `max` characters. */
function cutLong(sentence: string, max: number): string[] {
  if ([...sentence].length <= max) return [sentence];
  const out: string[] = [];
  for (const clause of packPieces(splitAfter(sentence, CLAUSE_END), max)) {
    const chars = [...clause];
    for (let start = 0; start < chars.length; start += max)
      out.push(
        chars
          .slice(start, start + max)
          .join("")
          .trim(),
      );
  }
  return out;
}

/** Joins consecutive pieces while the result stays within `max` characters. */
function packPieces(pieces: string[], max: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const joined = current ? `${current}${needsSpace(current, piece) ? " " : ""}${piece}` : piece;
    if ([...joined].length <= max) {
      current = joined;
    } else {
      if (current) out.push(current);
      current = piece;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Latin words need a space between pieces; Chinese does not. */
function needsSpace(left: string, right: string): boolean {
  return /[A-Za-z0-9]$/.test(left) && /^[A-Za-z0-9]/.test(right);
}

/** One block of text as pieces of at most `max` characters, cut at sentence ends where possible. */
export function chunkText(text: string, max = MAX_CHUNK_CHARS): string[] {
  const normalized = normalizeSpeechText(text);
  if (!normalized) return [];
  const sentences = splitAfter(normalized, SENTENCE_END).flatMap((sentence) => cutLong(sentence, max));
  return packPieces(sentences, max);
}

/**
 * The utterances for a list of parts, in order: each heading alone (a pause
 * after it), then its text in pieces. Empty parts are skipped.
 */
export function speechChunks(parts: readonly SpeechPart[], max = MAX_CHUNK_CHARS): string[] {
  return parts.flatMap((part) => {
    const body = chunkText(part.text, max);
    const heading = part.heading ? chunkText(part.heading, max) : [];
    return body.length > 0 ? [...heading, ...body] : [];
  });
}

/** 备课: the guide first, then each thinking question, numbered as on the page. */
export function preparationSpeechParts(input: {
  guideText: string;
  thinking: readonly string[];
  labels: { guide: string; thinking: string; question: (number: number) => string };
}): SpeechPart[] {
  const questions = input.thinking.filter((question) => question.trim().length > 0);
  return [
    { heading: input.labels.guide, text: input.guideText },
    ...questions.map((question, index) => ({
      heading: index === 0 ? input.labels.thinking : undefined,
      text: `${input.labels.question(index + 1)}${question}`,
    })),
  ];
}

/** What the component needs to know about a voice (a SpeechSynthesisVoice has these). */
export type VoiceInfo = { lang: string; name: string; localService?: boolean; default?: boolean };

/** Language tags compared loosely: Android reports "zh_CN", some engines lower-case. */
function normalizeLang(lang: string): string {
  return lang.replace(/_/g, "-").toLowerCase();
}

/** Any Chinese voice: zh, zh-* (zh-TW, zh-HK …), cmn, cmn-*. */
function isChinese(lang: string): boolean {
  return /^(zh|cmn)(-|$)/.test(normalizeLang(lang));
}

function isMainlandMandarin(lang: string): boolean {
  const tag = normalizeLang(lang);
  return tag === "zh-cn" || tag === "zh-hans-cn" || tag === "cmn-cn" || tag === "cmn-hans-cn";
}

/**
 * The voice to read Chinese with: a zh-CN voice (an on-device one first, it
 * needs no network), else any Chinese voice, else null (use the browser's
 * default voice with lang zh-CN).
 */
export function pickChineseVoice<V extends VoiceInfo>(voices: readonly V[]): V | null {
  const rank = (voice: V) => (voice.localService === false ? 1 : 0) + (voice.default ? 0 : 0.5);
  const best = (candidates: V[]) => [...candidates].sort((a, b) => rank(a) - rank(b))[0] ?? null;
  return best(voices.filter((voice) => isMainlandMandarin(voice.lang))) ?? best(voices.filter((voice) => isChinese(voice.lang)));
}
