// Every message the discussion ring can show exists, at the top level, in both
// languages: a refusal from the rules must never reach the learner as a bare key.
// The other refusals of the lesson page, the review page and the forms' schemas too.
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { resources } from "~/utils/i18n.ts";

const KEYS = [
  "discussion.classmates",
  "discussion.markdownHint",
  "discussion.hiddenOwn",
  "discussion.reply",
  "discussion.replyLabel",
  "discussion.sendReply",
  ...["empty", "too-short", "too-long"].map((problem) => `discussion.answerErrors.${problem}`),
  ...["empty", "too-short", "too-long", "answer-first", "target-gone"].map((problem) => `discussion.replyErrors.${problem}`),
  "discussion.moderation.nav",
  "discussion.moderation.title",
  "discussion.moderation.reason",
  "discussion.moderation.hide",
  "discussion.moderation.hiddenAt",
  ...["empty", "too-short", "too-long", "already-hidden"].map((problem) => `discussion.moderation.errors.${problem}`),
  ...["stageLocked", "alreadyPassed", "attemptPending", "attemptLimitReached", "paperUnknown", "answerTooLong", "unknownIntent"].map(
    (code) => `lesson.${code}`,
  ),
  ...[
    "own-attempt",
    "not-awaiting",
    "not-short",
    "already-reviewed",
    "points-range",
    "points-contradict",
    "verdictRequired",
    "pointsRequired",
    "invalid",
  ].map((code) => `review.problems.${code}`),
];

describe.each(["zh-CN", "en"] as const)("%s", (lng) => {
  it.each(KEYS)("%s", async (key) => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng, resources, defaultNS: "common", interpolation: { escapeValue: false } });
    const text = i18n.t(key, { min: 2, max: 1000, actual: 1, reason: "R", name: "N", time: "T", limit: 2, count: 5000 });
    expect(text).not.toBe(key);
    expect(text).not.toMatch(/\{\{/);
  });
});
