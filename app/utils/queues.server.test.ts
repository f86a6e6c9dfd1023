// queueOrLeaveForSweep: the saved write stands whether or not Redis takes the job.
import { describe, expect, it } from "vitest";
import { queueOrLeaveForSweep } from "./queues.server.ts";

describe("queueOrLeaveForSweep", () => {
  it("says the job was queued when the queue took it", async () => {
    let calls = 0;
    expect(await queueOrLeaveForSweep(async () => (calls += 1), { what: "a test job" })).toBe(true);
    expect(calls).toBe(1);
  });

  it("answers false instead of throwing when the queue is down", async () => {
    const down = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6390"));
    expect(await queueOrLeaveForSweep(down, { what: "a test job", userId: "u1" })).toBe(false);
  });
});
