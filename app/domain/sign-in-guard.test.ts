import { describe, expect, it } from "vitest";
import { failureKey, minutesLeft } from "./sign-in-guard.ts";

describe("minutes left of a wait", () => {
  it.each([
    [1, 1],
    [59_999, 1],
    [60_000, 1],
    [60_001, 2],
    [14 * 60_000 + 1, 15],
    [15 * 60_000, 15],
    [0, 1],
  ])("%i ms is %i minutes", (milliseconds, minutes) => {
    expect(minutesLeft(milliseconds)).toBe(minutes);
  });
});

describe("what failures are counted under", () => {
  it("an account, however it was named", () => {
    expect(failureKey("u1", "hedashan")).toBe("account:u1");
    expect(failureKey("u1", "13800000003")).toBe(failureKey("u1", "hedashan"));
  });
  it("a name that is no account, as typed but folded", () => {
    expect(failureKey(null, "  WangWu ")).toBe("typed:wangwu");
    expect(failureKey(null, "wangwu")).not.toBe(failureKey("wangwu", "wangwu"));
  });
});
