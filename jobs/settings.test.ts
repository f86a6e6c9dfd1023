import { describe, expect, it } from "vitest";
import { DEFAULT_CONCURRENCY, DEFAULT_GRADING_BATCH, parseWorkerSettings } from "./settings.ts";

describe("parseWorkerSettings", () => {
  it("uses the defaults when nothing is set", () => {
    expect(parseWorkerSettings({})).toEqual({ concurrency: DEFAULT_CONCURRENCY, gradingBatch: DEFAULT_GRADING_BATCH });
  });

  it.each([
    { WORKER_CONCURRENCY: "64", expected: { ...DEFAULT_CONCURRENCY, grading: 64 } },
    { WORKER_CONCURRENCY: "grading=32, hours=8", expected: { ...DEFAULT_CONCURRENCY, grading: 32, hours: 8 } },
    { WORKER_CONCURRENCY: "eligibility=1", expected: { ...DEFAULT_CONCURRENCY, eligibility: 1 } },
    { WORKER_CONCURRENCY: " ", expected: DEFAULT_CONCURRENCY },
  ])("WORKER_CONCURRENCY=$WORKER_CONCURRENCY", ({ WORKER_CONCURRENCY, expected }) => {
    expect(parseWorkerSettings({ WORKER_CONCURRENCY }).concurrency).toEqual(expected);
  });

  it("reads the grading batch settings", () => {
    expect(parseWorkerSettings({ GRADING_BATCH_SIZE: "50", GRADING_BATCH_WAIT_MS: "0" }).gradingBatch).toEqual({
      maxSize: 50,
      maxWaitMs: 0,
    });
  });

  it.each([
    { env: { WORKER_CONCURRENCY: "0" }, message: /WORKER_CONCURRENCY must be at least 1/ },
    { env: { WORKER_CONCURRENCY: "grading" }, message: /"grading" is not <queue>=<number>/ },
    { env: { WORKER_CONCURRENCY: "grades=4" }, message: /"grades=4" is not <queue>=<number>/ },
    { env: { WORKER_CONCURRENCY: "hours=many" }, message: /WORKER_CONCURRENCY hours must be a whole number/ },
    { env: { GRADING_BATCH_SIZE: "2.5" }, message: /GRADING_BATCH_SIZE must be a whole number/ },
    { env: { GRADING_BATCH_SIZE: "5000" }, message: /GRADING_BATCH_SIZE must be at most 1000/ },
    { env: { GRADING_BATCH_WAIT_MS: "5000" }, message: /GRADING_BATCH_WAIT_MS must be at most 1000/ },
  ])("refuses $env, naming the variable", ({ env, message }) => {
    expect(() => parseWorkerSettings(env)).toThrow(message);
  });
});
