// 抽题: which questions one quiz form shows, and in which order its options
// stand. Pure and deterministic: the same seed and the same bank always give
// the same draw, so a stored seed explains a stored draw and a test can pin it.
import type { QuestionType, Response } from "./grading.ts";

export type BankQuestion = { id: string; type: QuestionType; options: readonly string[] };

/** One question on the paper; `options` in the order shown (empty for questions without options). */
export type DrawnItem = { questionId: string; options: string[] };

/** Only choice questions have options of the author's; 判断题 always shows 正确 before 错误. */
function hasShuffledOptions(type: QuestionType): boolean {
  return type === "SINGLE" || type === "MULTIPLE";
}

/** 32-bit FNV-1a over the string's UTF-16 units, started from a salted basis. */
function hashWord(text: string, salt: number): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A small seeded generator (Marsaglia's xorshift128) returning numbers in
 * [0, 1). Not for secrets: the seed itself comes from the server's CSPRNG and
 * the learner never sees it; this only has to spread draws evenly.
 */
export function seededRandom(seed: string): () => number {
  const words = [1, 2, 3, 4].map((salt) => hashWord(seed, Math.imul(salt, 0x9e3779b9)));
  let [x, y, z, w] = words as [number, number, number, number];
  if ((x | y | z | w) === 0) x = 1; // the all-zero state would stay zero forever
  const next = () => {
    const t = (x ^ (x << 11)) >>> 0;
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ t ^ (t >>> 8)) >>> 0;
    return w / 4_294_967_296;
  };
  // FNV words of one seed are alike: a few rounds mix them before use.
  for (let round = 0; round < 16; round += 1) next();
  return next;
}

/** Fisher–Yates with the given generator; returns a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

/** How many questions a paper holds: the lesson's number, or the whole bank when it sets none. */
export function drawSize(bankSize: number, questionsPerAttempt: number | null): number {
  return questionsPerAttempt === null ? bankSize : Math.min(questionsPerAttempt, bankSize);
}

/**
 * Draws `questionsPerAttempt` questions from the bank (all of them when null)
 * and shuffles the options of each choice question. The chosen questions keep
 * the author's order: a lesson's questions usually follow the film, and a
 * random subset reads better in that order than scrambled.
 */
export function drawQuiz(bank: readonly BankQuestion[], questionsPerAttempt: number | null, seed: string): DrawnItem[] {
  const random = seededRandom(seed);
  const size = drawSize(bank.length, questionsPerAttempt);
  const chosen = new Set(
    shuffle(
      bank.map((_, index) => index),
      random,
    ).slice(0, size),
  );
  return bank
    .filter((_, index) => chosen.has(index))
    .map((question) => ({
      questionId: question.id,
      options: hasShuffledOptions(question.type) ? shuffle(question.options, random) : [],
    }));
}

/**
 * Can a draw made earlier still be shown? Not when the bank changed under it:
 * a question retired, options edited, or the lesson now draws a different number.
 */
export function isDrawCurrent(items: readonly DrawnItem[], bank: readonly BankQuestion[], questionsPerAttempt: number | null): boolean {
  if (items.length !== drawSize(bank.length, questionsPerAttempt)) return false;
  const byId = new Map(bank.map((question) => [question.id, question]));
  return items.every((item) => {
    const question = byId.get(item.questionId);
    if (!question) return false;
    const expected = hasShuffledOptions(question.type) ? [...question.options].sort() : [];
    const shown = [...item.options].sort();
    return expected.length === shown.length && expected.every((option, index) => option === shown[index]);
  });
}

/**
 * The responses of a submitted paper: exactly the drawn questions, in the
 * order shown. Anything else the form carried (a forged field for a question
 * not on this paper) is not read at all. Blank fields count as unanswered;
 * multiple choice keeps every value, the others the first non-blank one.
 */
export function responsesForDraw(
  items: readonly DrawnItem[],
  typeOf: ReadonlyMap<string, QuestionType>,
  valuesOf: (questionId: string) => readonly string[],
): { questionId: string; response: Response }[] {
  return items.map((item) => {
    const values = valuesOf(item.questionId).filter((value) => value.trim() !== "");
    const response: Response = typeOf.get(item.questionId) === "MULTIPLE" ? values : (values[0] ?? null);
    return { questionId: item.questionId, response };
  });
}
