import { afterEach, describe, expect, it, vi } from "vitest";
import { MicroBatcher, type BatchResults } from "./micro-batcher.ts";

/** A run that records each batch and answers every key with its upper case, after the test lets it finish. */
function recorder() {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  const run = async (keys: string[]): Promise<BatchResults<string>> => {
    batches.push(keys);
    await new Promise<void>((resolve) => finish.push(resolve));
    return new Map(keys.map((key) => [key, key.toUpperCase()]));
  };
  return { batches, run, finishAll: () => finish.splice(0).forEach((resolve) => resolve()) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("MicroBatcher", () => {
  it("waits maxWaitMs for company, then runs what it has as one batch", async () => {
    vi.useFakeTimers();
    const { batches, run, finishAll } = recorder();
    const batcher = new MicroBatcher(run, { maxSize: 10, maxWaitMs: 5 });
    const results = ["a", "b", "c"].map((key) => batcher.add(key));
    await vi.advanceTimersByTimeAsync(4);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([["a", "b", "c"]]);
    finishAll();
    expect(await Promise.all(results)).toEqual(["A", "B", "C"]);
  });

  it("runs at once when maxSize keys wait, and never more than maxSize in one batch", async () => {
    vi.useFakeTimers();
    const { batches, run, finishAll } = recorder();
    const batcher = new MicroBatcher(run, { maxSize: 2, maxWaitMs: 1000 });
    const results = ["a", "b", "c", "d", "e"].map((key) => batcher.add(key));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([["a", "b"]]);
    // One batch at a time: the rest waits for it; a full batch then goes at once.
    finishAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    // A partial one waits maxWaitMs for company, as a first key does.
    finishAll();
    await vi.advanceTimersByTimeAsync(999);
    expect(batches).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    finishAll();
    expect(await Promise.all(results)).toEqual(["A", "B", "C", "D", "E"]);
  });

  it("keys arriving while a batch runs form the next batch together", async () => {
    vi.useFakeTimers();
    const { batches, run, finishAll } = recorder();
    const batcher = new MicroBatcher(run, { maxSize: 100, maxWaitMs: 5 });
    const first = batcher.add("a");
    await vi.advanceTimersByTimeAsync(5);
    const later = ["b", "c", "d"].map((key) => batcher.add(key));
    await vi.advanceTimersByTimeAsync(50);
    expect(batches).toEqual([["a"]]);
    expect(batcher.waiting).toBe(3);
    finishAll();
    const more = batcher.add("e"); // freed by the batch that ended, just in time for the next
    await vi.advanceTimersByTimeAsync(5);
    expect(batches).toEqual([["a"], ["b", "c", "d", "e"]]);
    finishAll();
    expect(await first).toBe("A");
    expect(await Promise.all([...later, more])).toEqual(["B", "C", "D", "E"]);
  });

  it("a key handed in twice runs once and answers both callers", async () => {
    const seen: string[][] = [];
    const batcher = new MicroBatcher(
      async (keys) => {
        seen.push(keys);
        return new Map(keys.map((key) => [key, key.length]));
      },
      { maxSize: 10, maxWaitMs: 1 },
    );
    expect(await Promise.all([batcher.add("ab"), batcher.add("ab"), batcher.add("c")])).toEqual([2, 2, 1]);
    expect(seen).toEqual([["ab", "c"]]);
  });

  it("an Error for one key rejects only that key's callers; a key left unanswered is rejected", async () => {
    const batcher = new MicroBatcher<string>(
      async () =>
        new Map<string, string | Error>([
          ["good", "ok"],
          ["bad", new Error("broken attempt")],
        ]),
      { maxSize: 10, maxWaitMs: 1 },
    );
    const settled = await Promise.allSettled([batcher.add("good"), batcher.add("bad"), batcher.add("forgotten")]);
    expect(settled[0]).toEqual({ status: "fulfilled", value: "ok" });
    expect(settled[1]).toMatchObject({ status: "rejected", reason: { message: "broken attempt" } });
    expect(settled[2]).toMatchObject({ status: "rejected", reason: { message: "no result for forgotten" } });
  });

  it("a run that throws rejects the whole batch, and the next batch still runs", async () => {
    let calls = 0;
    const batcher = new MicroBatcher<string>(
      async (keys) => {
        calls += 1;
        if (calls === 1) throw new Error("database down");
        return new Map(keys.map((key) => [key, "fine"]));
      },
      { maxSize: 10, maxWaitMs: 1 },
    );
    const failed = await Promise.allSettled([batcher.add("a"), batcher.add("b")]);
    expect(failed.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(await batcher.add("a")).toBe("fine");
  });

  it("drain waits until nothing is waiting or running", async () => {
    const done: string[] = [];
    const batcher = new MicroBatcher<string>(
      async (keys) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done.push(...keys);
        return new Map(keys.map((key) => [key, key]));
      },
      { maxSize: 1, maxWaitMs: 50 },
    );
    const all = Promise.all(["a", "b", "c"].map((key) => batcher.add(key)));
    await batcher.drain();
    expect(done).toEqual(["a", "b", "c"]);
    await all;
  });

  it("refuses settings that would never run a batch", () => {
    expect(() => new MicroBatcher(async () => new Map(), { maxSize: 0, maxWaitMs: 5 })).toThrow();
    expect(() => new MicroBatcher(async () => new Map(), { maxSize: 5, maxWaitMs: -1 })).toThrow();
  });
});
