// 讨论: who reads whose answers, what a post or reply must look like, and what
// a trainer must give to hide one. Pure; decision 011.
import type { Problem } from "~/utils/problems.ts";

/** Lengths in characters as a person counts them (code points, so 一 is one). */
export const DISCUSSION_LIMITS = {
  answerMax: 5000,
  replyMin: 2,
  replyMax: 1000,
  hideReasonMax: 200,
} as const;

export function characterCount(text: string): number {
  return [...text].length;
}

export type TextProblem =
  { problem: "empty" } | { problem: "too-short"; min: number; actual: number } | { problem: "too-long"; max: number; actual: number };

export type TextCheck = { ok: true; text: string } | ({ ok: false } & TextProblem);

function checkLength(raw: string, min: number, max: number): TextCheck {
  const text = raw.trim();
  const actual = characterCount(text);
  if (actual === 0) return { ok: false, problem: "empty" };
  if (actual < min) return { ok: false, problem: "too-short", min, actual };
  if (actual > max) return { ok: false, problem: "too-long", max, actual };
  return { ok: true, text };
}

/** A refused text as a problem of its field: the code is the problem, the counts its parameters. */
export function textProblem(field: string, check: TextProblem): Problem {
  switch (check.problem) {
    case "empty":
      return { field, code: check.problem };
    case "too-short":
      return { field, code: check.problem, params: { min: check.min, actual: check.actual } };
    case "too-long":
      return { field, code: check.problem, params: { max: check.max, actual: check.actual } };
  }
}

/** The answer to the lesson's prompt: at least the lesson's minimum length. */
export function checkAnswer(raw: string, minLength: number): TextCheck {
  return checkLength(raw, Math.max(1, minLength), DISCUSSION_LIMITS.answerMax);
}

/** A reply under a classmate's answer. */
export function checkReply(raw: string): TextCheck {
  return checkLength(raw, DISCUSSION_LIMITS.replyMin, DISCUSSION_LIMITS.replyMax);
}

/** Why a trainer hides a post: required, short enough for the audit log. */
export function checkHideReason(raw: string): TextCheck {
  return checkLength(raw, 1, DISCUSSION_LIMITS.hideReasonMax);
}

/** An active or ended 委托培养 of a learner. */
export type Entrustment = { trainingOrgId: string; endedOn: Date | null };

/**
 * The organizations a learner studies in: his home branch and every
 * organization training him now. Two learners are classmates when these sets
 * meet: the same home branch, the same training organization, or one's home
 * branch trains the other.
 */
export function studyOrgIds(homeOrgId: string | null, entrustments: readonly Entrustment[]): string[] {
  const ids = new Set<string>();
  if (homeOrgId) ids.add(homeOrgId);
  for (const entrustment of entrustments) if (entrustment.endedOn === null) ids.add(entrustment.trainingOrgId);
  return [...ids];
}

export function areClassmates(a: readonly string[], b: readonly string[]): boolean {
  return a.some((id) => b.includes(id));
}

export type PostRow = {
  id: string;
  parentId: string | null;
  authorId: string;
  hiddenReason: string | null;
  hidden: boolean;
};

export type Thread<P extends PostRow> = P & { replies: P[] };

/**
 * The threads a viewer reads, from posts already limited to his classmates:
 * answers with their replies beneath (one level), in the order given. A hidden
 * post is gone for everyone but its author, who sees it (marked) with the
 * reason; the replies under a hidden answer go with it.
 */
export function arrangeThreads<P extends PostRow>(posts: readonly P[], viewerId: string): Thread<P>[] {
  const visible = posts.filter((post) => !post.hidden || post.authorId === viewerId);
  const threads = visible.filter((post) => post.parentId === null).map((post) => ({ ...post, replies: [] as P[] }));
  const byId = new Map(threads.map((thread) => [thread.id, thread]));
  for (const post of visible) {
    if (post.parentId === null) continue;
    const parent = byId.get(post.parentId);
    if (!parent) continue;
    parent.replies.push(post);
  }
  return threads;
}

export type ReplyTarget = { lessonId: string; parentId: string | null; hidden: boolean; authorStudyOrgIds: readonly string[] };

/**
 * May the viewer reply under this post? Only after answering himself; only
 * under an answer (not under a reply), of this lesson, not hidden, by a
 * classmate (or himself).
 */
export function replyRefusal(
  target: ReplyTarget | null,
  viewer: { lessonId: string; answered: boolean; studyOrgIds: readonly string[]; isAuthor: boolean },
): "answer-first" | "target-gone" | null {
  if (!viewer.answered) return "answer-first";
  if (!target || target.lessonId !== viewer.lessonId || target.parentId !== null || target.hidden) return "target-gone";
  if (!viewer.isAuthor && !areClassmates(viewer.studyOrgIds, target.authorStudyOrgIds)) return "target-gone";
  return null;
}
