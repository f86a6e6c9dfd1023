// Which job the policy page follows when a policy is saved again and again: a
// save while a recompute waits joins it; a save while one runs is kept as the
// next job, and the page follows that one (not the running one, which started
// before the change). Jobs are moved by hand here, with no worker running.
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpAppEnvironment, type AppEnvironment } from "../tests/helpers/app-environment.ts";

let app: AppEnvironment;
let queues: typeof import("~/utils/queues.server.ts");
let worker: Worker;

beforeAll(async () => {
  app = await setUpAppEnvironment();
  queues = await import("~/utils/queues.server.ts");
  const { createRedisConnection } = await import("~/utils/redis.server.ts");
  worker = new Worker("eligibility", null, { connection: createRedisConnection("worker"), prefix: queues.queuePrefix(), autorun: false });
});

afterAll(async () => {
  await worker?.close();
  await app?.cleanup();
});

const latestId = async (orgId: string) => {
  const queue = queues.getQueue("eligibility");
  return (await queue.backend.client).get(queue.toKey(`policy-latest:${orgId}`));
};

describe("the policy recompute the page follows", () => {
  it("joins a waiting one, then follows the next one queued behind a running one", async () => {
    const org = "org-requeue";
    const first = await queues.enqueuePolicyRecompute(org);
    expect(await latestId(org)).toBe(first.id);
    expect(await queues.policyRecomputeProgress(org)).toEqual({ state: "waiting", done: 0, total: 0 });

    // Saved again while the first waits: it carries this change too.
    await queues.enqueuePolicyRecompute(org);
    expect(await latestId(org)).toBe(first.id);
    expect(await queues.getQueue("eligibility").getWaitingCount()).toBe(1);

    // The first starts; a change now needs another run, which the page follows.
    const running = (await worker.getNextJob("token-1"))!;
    expect(running.id).toBe(first.id);
    await running.updateProgress({ done: 1, total: 3 });
    await queues.enqueuePolicyRecompute(org);
    const next = await latestId(org);
    expect(next).not.toBe(first.id);
    expect(await queues.policyRecomputeProgress(org)).toEqual({ state: "waiting", done: 0, total: 0 });

    // The running one ends: the next is created under the id the page follows.
    await running.moveToCompleted({ recomputed: 3 }, "token-1", false);
    const created = await queues.getQueue("eligibility").getJob(next!);
    expect(created?.data).toEqual({ orgId: org, reason: "policy" });
    expect(await queues.policyRecomputeProgress(org)).toEqual({ state: "waiting", done: 0, total: 0 });

    const second = (await worker.getNextJob("token-2"))!;
    expect(second.id).toBe(next);
    await second.updateProgress({ done: 3, total: 3 });
    await second.moveToCompleted({ recomputed: 3 }, "token-2", false);
    expect(await queues.policyRecomputeProgress(org)).toEqual({ state: "completed", done: 3, total: 3 });
  });
});
