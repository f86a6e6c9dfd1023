import { describe, expect, it } from "vitest";
import type { SessionEventBody } from "./session-events.ts";
import { isSameEvent, sameResponses, sameValue } from "./upload.ts";

describe("sameValue: data compared as parsed values", () => {
  it.each([
    {
      name: "keys in another order",
      a: { type: "arrived", personId: "p", atMs: 5 },
      b: { atMs: 5, personId: "p", type: "arrived" },
      same: true,
    },
    { name: "a key holding undefined is a key left out", a: { type: "opened", startedAt: undefined }, b: { type: "opened" }, same: true },
    { name: "a key more", a: { type: "opened" }, b: { type: "opened", startedAt: "2026-12-01T08:00:00Z" }, same: false },
    { name: "1 and 1.0 are one number", a: { atMs: 1 }, b: JSON.parse('{"atMs":1.0}'), same: true },
    { name: "another number", a: { atMs: 1 }, b: { atMs: 2 }, same: false },
    { name: "a number is not its text", a: { atMs: 1 }, b: { atMs: "1" }, same: false },
    { name: "arrays in order", a: { ids: ["a", "b"] }, b: { ids: ["a", "b"] }, same: true },
    { name: "arrays in another order", a: { ids: ["a", "b"] }, b: { ids: ["b", "a"] }, same: false },
    { name: "an array is not an object", a: { ids: [] }, b: { ids: {} }, same: false },
    { name: "null is not a missing key", a: { phone: null }, b: {}, same: false },
    { name: "nested objects in any key order", a: { x: { y: 1, z: [1, { w: 2 }] } }, b: { x: { z: [1, { w: 2 }], y: 1 } }, same: true },
  ])("$name", ({ a, b, same }) => {
    expect(sameValue(a, b)).toBe(same);
    expect(sameValue(b, a)).toBe(same);
  });
});

describe("isSameEvent: an id sent again is the same event only with the same session, device and body", () => {
  const arrived: SessionEventBody = { type: "arrived", personId: "wang", atMs: 1_000 };
  const stored = { sessionId: "s1", deviceId: "tv-1", body: arrived };
  it.each([
    { name: "the same event (a resend)", sent: { sessionId: "s1", deviceId: "tv-1", body: { ...arrived } }, same: true },
    { name: "another session", sent: { sessionId: "s2", deviceId: "tv-1", body: arrived }, same: false },
    { name: "another device", sent: { sessionId: "s1", deviceId: "tv-2", body: arrived }, same: false },
    { name: "another time", sent: { sessionId: "s1", deviceId: "tv-1", body: { ...arrived, atMs: 2_000 } }, same: false },
    {
      name: "another kind of event",
      sent: { sessionId: "s1", deviceId: "tv-1", body: { type: "left", personId: "wang", atMs: 1_000 } as SessionEventBody },
      same: false,
    },
  ])("$name", ({ sent, same }) => {
    expect(isSameEvent(stored, sent)).toBe(same);
  });
});

describe("sameResponses: a sheet sent again says what its attempt says", () => {
  const stored = [
    { questionId: "q1", response: "A" },
    { questionId: "q2", response: ["B", "C"] },
    { questionId: "q3", response: null },
  ];
  it.each([
    { name: "the same answers", sent: stored, same: true },
    {
      name: "the same choices of a multiple-choice question in another order",
      sent: [stored[0]!, { questionId: "q2", response: ["C", "B"] }, stored[2]!],
      same: true,
    },
    { name: "another answer", sent: [{ questionId: "q1", response: "B" }, stored[1]!, stored[2]!], same: false },
    { name: "a blank answered now", sent: [stored[0]!, stored[1]!, { questionId: "q3", response: "D" }], same: false },
    { name: "a choice fewer", sent: [stored[0]!, { questionId: "q2", response: ["B"] }, stored[2]!], same: false },
    { name: "a question fewer", sent: stored.slice(0, 2), same: false },
  ])("$name", ({ sent, same }) => {
    expect(sameResponses(stored, sent)).toBe(same);
  });
});
