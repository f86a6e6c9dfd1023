import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy.server.ts";

describe("a new password", () => {
  it.each([
    ["short", "hd7#kLq", "too-short"],
    ["eight Chinese characters are enough in length", "河西村的春天来了呀", null],
    ["digits in a row", "12345678", "too-common"],
    ["the same digit", "88888888", "too-common"],
    ["a common English password", "password1", "too-common"],
    ["a keyboard row", "qwertyui", "too-common"],
    ["pinyin and numbers many choose", "woaini1314", "too-common"],
    ["the person's own username with digits", "hedashan1", "too-common"],
    ["the person's phone", "13800000003", "too-common"],
    ["a mixed one", "hd7#kLq2", null],
    ["a phrase", "河西村 春耕 2026 大丰收", null],
  ])("%s: %s → %s", (_name, password, problem) => {
    expect(passwordProblem(password, ["何大山", "hedashan", "13800000003"])).toBe(problem);
  });
});
