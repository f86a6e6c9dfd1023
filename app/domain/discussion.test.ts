import { describe, expect, it } from "vitest";
import {
  areClassmates,
  arrangeThreads,
  checkAnswer,
  checkHideReason,
  checkReply,
  replyRefusal,
  studyOrgIds,
  textProblem,
  type PostRow,
} from "./discussion.ts";

describe("answers, replies and hide reasons: lengths as a person counts them", () => {
  const cases: { name: string; check: () => unknown; expected: unknown }[] = [
    { name: "an answer of the minimum length", check: () => checkAnswer("一二三四五", 5), expected: { ok: true, text: "一二三四五" } },
    {
      name: "an answer is trimmed before counting",
      check: () => checkAnswer("  一二三四 \n", 5),
      expected: { ok: false, problem: "too-short", min: 5, actual: 4 },
    },
    { name: "an empty answer", check: () => checkAnswer("   ", 5), expected: { ok: false, problem: "empty" } },
    {
      name: "an answer over 5000 characters",
      check: () => checkAnswer("字".repeat(5001), 5),
      expected: { ok: false, problem: "too-long", max: 5000, actual: 5001 },
    },
    { name: "astral characters count once", check: () => checkAnswer("𠀀𠀀𠀀", 3), expected: { ok: true, text: "𠀀𠀀𠀀" } },
    { name: "a reply of two characters", check: () => checkReply("同意"), expected: { ok: true, text: "同意" } },
    { name: "a reply of one character", check: () => checkReply("好"), expected: { ok: false, problem: "too-short", min: 2, actual: 1 } },
    { name: "an empty reply", check: () => checkReply(""), expected: { ok: false, problem: "empty" } },
    {
      name: "a reply over 1000 characters",
      check: () => checkReply("字".repeat(1001)),
      expected: { ok: false, problem: "too-long", max: 1000, actual: 1001 },
    },
    { name: "a reason is required", check: () => checkHideReason(" "), expected: { ok: false, problem: "empty" } },
    {
      name: "a reason over 200 characters",
      check: () => checkHideReason("因".repeat(201)),
      expected: { ok: false, problem: "too-long", max: 200, actual: 201 },
    },
    { name: "a short reason", check: () => checkHideReason("含有与讨论无关的广告"), expected: { ok: true, text: "含有与讨论无关的广告" } },
  ];
  it.each(cases)("$name", ({ check, expected }) => {
    expect(check()).toEqual(expected);
  });
});

describe("classmates: home branch plus training class", () => {
  const now = null;
  const ended = new Date("2026-01-01");
  const cases: { name: string; a: string[]; b: string[]; classmates: boolean }[] = [
    { name: "the same home branch", a: studyOrgIds("branch1", []), b: studyOrgIds("branch1", []), classmates: true },
    { name: "different home branches", a: studyOrgIds("branch1", []), b: studyOrgIds("branch2", []), classmates: false },
    {
      name: "entrusted learner and the training branch's own learner",
      a: studyOrgIds("village", [{ trainingOrgId: "mobile", endedOn: now }]),
      b: studyOrgIds("mobile", []),
      classmates: true,
    },
    {
      name: "entrusted learner and his home branch",
      a: studyOrgIds("village", [{ trainingOrgId: "mobile", endedOn: now }]),
      b: studyOrgIds("village", []),
      classmates: true,
    },
    {
      name: "two learners entrusted to the same branch",
      a: studyOrgIds("village", [{ trainingOrgId: "mobile", endedOn: now }]),
      b: studyOrgIds("town", [{ trainingOrgId: "mobile", endedOn: now }]),
      classmates: true,
    },
    {
      name: "the training branch's learner and the entrusted learner's home branch",
      a: studyOrgIds("mobile", []),
      b: studyOrgIds("village", []),
      classmates: false,
    },
    {
      name: "an ended entrustment no longer counts",
      a: studyOrgIds("village", [{ trainingOrgId: "mobile", endedOn: ended }]),
      b: studyOrgIds("mobile", []),
      classmates: false,
    },
    { name: "no organization at all", a: studyOrgIds(null, []), b: studyOrgIds(null, []), classmates: false },
  ];
  it.each(cases)("$name: $classmates", ({ a, b, classmates }) => {
    expect(areClassmates(a, b)).toBe(classmates);
    expect(areClassmates(b, a)).toBe(classmates);
  });
});

describe("threads as a viewer reads them", () => {
  const post = (id: string, authorId: string, parentId: string | null = null, hiddenReason: string | null = null): PostRow => ({
    id,
    authorId,
    parentId,
    hidden: hiddenReason !== null,
    hiddenReason,
  });
  const posts = [
    post("a", "me"),
    post("b", "other"),
    post("r1", "other", "a"),
    post("r2", "me", "b"),
    post("h", "other", null, "广告"),
    post("rh", "me", "h"),
    post("mine-hidden", "me", null, "离题"),
    post("r3", "other", "mine-hidden"),
    post("hr", "other", "a", "辱骂"),
  ];

  it("answers with their replies beneath, hidden posts gone except for their author", () => {
    const threads = arrangeThreads(posts, "me");
    expect(threads.map((thread) => [thread.id, thread.replies.map((reply) => reply.id)])).toEqual([
      ["a", ["r1"]],
      ["b", ["r2"]],
      ["mine-hidden", ["r3"]],
    ]);
    expect(threads.find((thread) => thread.id === "mine-hidden")?.hiddenReason).toBe("离题");
  });

  it("another viewer sees neither the hidden answer nor anything under it", () => {
    const threads = arrangeThreads(posts, "other");
    expect(threads.map((thread) => [thread.id, thread.replies.map((reply) => reply.id)])).toEqual([
      ["a", ["r1", "hr"]],
      ["b", ["r2"]],
      ["h", ["rh"]],
    ]);
    expect(arrangeThreads(posts, "third").map((thread) => thread.id)).toEqual(["a", "b"]);
    expect(arrangeThreads(posts, "third")[0]?.replies.map((reply) => reply.id)).toEqual(["r1"]);
  });
});

describe("who may reply under a post", () => {
  const target = { lessonId: "L", parentId: null, hidden: false, authorStudyOrgIds: ["branch1"] };
  const viewer = { lessonId: "L", answered: true, studyOrgIds: ["branch1"], isAuthor: false };
  const cases: {
    name: string;
    target: Parameters<typeof replyRefusal>[0];
    viewer: Parameters<typeof replyRefusal>[1];
    expected: ReturnType<typeof replyRefusal>;
  }[] = [
    { name: "a classmate who has answered", target, viewer, expected: null },
    { name: "before answering", target, viewer: { ...viewer, answered: false }, expected: "answer-first" },
    { name: "a post that does not exist", target: null, viewer, expected: "target-gone" },
    { name: "a post of another lesson", target: { ...target, lessonId: "M" }, viewer, expected: "target-gone" },
    { name: "under a reply (one level only)", target: { ...target, parentId: "p" }, viewer, expected: "target-gone" },
    { name: "a hidden post", target: { ...target, hidden: true }, viewer, expected: "target-gone" },
    { name: "not a classmate", target: { ...target, authorStudyOrgIds: ["branch2"] }, viewer, expected: "target-gone" },
    { name: "under his own answer", target: { ...target, authorStudyOrgIds: [] }, viewer: { ...viewer, isAuthor: true }, expected: null },
  ];
  it.each(cases)("$name", ({ target, viewer, expected }) => {
    expect(replyRefusal(target, viewer)).toBe(expected);
  });
});

describe("textProblem: a refused text as { field, code, params }", () => {
  it.each([
    { check: checkReply("  "), expected: { field: "body", code: "empty" } },
    { check: checkReply("好"), expected: { field: "body", code: "too-short", params: { min: 2, actual: 1 } } },
    { check: checkReply("很".repeat(1001)), expected: { field: "body", code: "too-long", params: { max: 1000, actual: 1001 } } },
  ])("$expected.code", ({ check, expected }) => {
    if (check.ok) throw new Error("expected a refusal");
    expect(textProblem("body", check)).toEqual(expected);
  });
});
