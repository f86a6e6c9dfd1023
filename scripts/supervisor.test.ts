// The supervisor's plumbing with tiny real processes: a child that dies is
// started again and the restart is logged; stopping restarts nothing; a child
// that ignores SIGTERM is killed after its grace; Redis-like services stop last.
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { Supervisor, type SupervisorLog } from "./supervisor.ts";

type Line = { level: string; fields: Record<string, unknown>; message: string };

function recorder() {
  const lines: Line[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, fields, message });
  const log: SupervisorLog = { info: at("info"), warn: at("warn"), error: at("error") };
  return { lines, log };
}

/** A node process that runs until killed; `ignoreTerm` makes it shrug off SIGTERM. */
const sleeper =
  (ignoreTerm = false) =>
  () =>
    spawn(
      process.execPath,
      ["-e", `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ""} setInterval(() => {}, 1000); process.stdout.write('up\\n');`],
      { stdio: ["ignore", "pipe", "ignore"] },
    );

const fast = {
  policy: { firstDelayMs: 20, factor: 2, maxDelayMs: 100, healthyAfterMs: 60_000 },
  grace: { servicesMs: 2_000, redisMs: 2_000, afterKillMs: 2_000 },
};

async function until<T>(read: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

describe("Supervisor", () => {
  it("starts a child that died again, logging the exit and the restart", async () => {
    const { lines, log } = recorder();
    supervisor = new Supervisor({ log, ...fast });
    const first = supervisor.add({ name: "worker", spawn: sleeper() });
    first.kill("SIGKILL");
    const second = await until(() => {
      const pid = supervisor!.pids().worker;
      return pid && pid !== first.pid ? pid : null;
    });
    expect(alive(second)).toBe(true);
    expect(lines.map((line) => [line.level, line.message, line.fields.child])).toEqual([
      ["warn", "child exited unexpectedly: restarting", "worker"],
      ["warn", "child restarted", "worker"],
    ]);
    expect(lines[0]!.fields).toMatchObject({ pid: first.pid, signal: "SIGKILL", failures: 1, delayMs: 20 });
    expect(lines[1]!.fields).toMatchObject({ pid: second, previousPid: first.pid, restarts: 1 });
  });

  it("waits longer after each quick failure", async () => {
    const { lines, log } = recorder();
    supervisor = new Supervisor({ log, ...fast });
    let pid = supervisor.add({ name: "site", spawn: sleeper() }).pid;
    for (let round = 0; round < 3; round += 1) {
      process.kill(pid!, "SIGKILL");
      const previous = pid;
      pid = await until(() => {
        const now = supervisor!.pids().site;
        return now && now !== previous ? now : null;
      });
    }
    expect(lines.filter((line) => line.message.startsWith("child exited")).map((line) => line.fields.delayMs)).toEqual([20, 40, 80]);
  });

  it("restarts nothing once stopping, and stops the stop-last service after the others", async () => {
    const { lines, log } = recorder();
    supervisor = new Supervisor({ log, ...fast });
    const order: string[] = [];
    const redis = supervisor.add({ name: "redis", spawn: sleeper(), stopLast: true });
    const site = supervisor.add({ name: "site", spawn: sleeper() });
    redis.once("exit", () => order.push("redis"));
    site.once("exit", () => order.push("site"));
    await supervisor.stop();
    expect(order).toEqual(["site", "redis"]);
    expect(supervisor.pids()).toEqual({ redis: undefined, site: undefined });
    expect(lines).toEqual([]);
  });

  it("kills a child that ignores SIGTERM once its grace is over", async () => {
    const { lines, log } = recorder();
    supervisor = new Supervisor({ log, ...fast, grace: { servicesMs: 300, redisMs: 300, afterKillMs: 2_000 } });
    const stubborn = supervisor.add({ name: "worker", spawn: sleeper(true) });
    // Wait until it runs its code (and so has its SIGTERM handler).
    await new Promise((resolve) => stubborn.stdout!.once("data", resolve));
    await supervisor.stop();
    expect(stubborn.signalCode).toBe("SIGKILL");
    expect(lines.map((line) => line.message)).toEqual(["child did not stop in time: killing it"]);
  });
});
