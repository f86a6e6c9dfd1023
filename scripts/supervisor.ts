// The process plumbing of `npm start`: keeps the embedded Redis, the site and
// the worker running, and stops them in order. When to restart and how long to
// wait is decided by scripts/restart-policy.ts; this file only spawns, watches,
// logs and kills (docs/decisions/015).
import type { ChildProcess } from "node:child_process";
import { decideRestart, RESTART_POLICY, STOP_GRACE, type RestartPolicy } from "./restart-policy.ts";

type LogFn = (fields: Record<string, unknown>, message: string) => void;
/** The part of a pino logger the supervisor uses. */
export type SupervisorLog = { info: LogFn; warn: LogFn; error: LogFn };

export type ServiceSpec = {
  name: string;
  /** Spawns a fresh process (used for every restart, and for the first start unless one is handed in). */
  spawn: () => ChildProcess;
  /** Stopped after every other service: the embedded Redis, which the others need to close cleanly. */
  stopLast?: boolean;
};

type Service = {
  spec: ServiceSpec;
  child: ChildProcess | null;
  startedAt: number;
  failures: number;
  restarts: number;
  pendingRestart: NodeJS.Timeout | null;
};

export type SupervisorOptions = {
  log: SupervisorLog;
  /** A line for the person at the terminal, bilingual like the rest of `npm start`. */
  say?: (
    service: string,
    event: "restarting" | "restarted" | "killed",
    details: { delayMs?: number; code?: number | null; signal?: string | null },
  ) => void;
  policy?: Readonly<RestartPolicy>;
  grace?: { servicesMs: number; redisMs: number; afterKillMs: number };
  now?: () => number;
};

const running = (child: ChildProcess | null): child is ChildProcess =>
  child !== null && child.exitCode === null && child.signalCode === null;

export class Supervisor {
  private readonly services = new Map<string, Service>();
  private stopping: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SupervisorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts a service (or adopts `child`, already started and checked by the caller) and keeps it running. */
  add(spec: ServiceSpec, child?: ChildProcess): ChildProcess {
    if (this.services.has(spec.name)) throw new Error(`service ${spec.name} is supervised already`);
    const service: Service = { spec, child: null, startedAt: 0, failures: 0, restarts: 0, pendingRestart: null };
    this.services.set(spec.name, service);
    return this.watch(service, child ?? spec.spawn());
  }

  /** The PID of each service's current process (none while it waits to be restarted). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.services].map(([name, service]) => [name, running(service.child) ? service.child.pid : undefined]));
  }

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  /**
   * Stops everything: no more restarts; SIGTERM to the site and the worker,
   * SIGKILL to any still running after their grace; then the same for Redis.
   * Resolves once every process has exited (or was killed and given a moment).
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const service of this.services.values()) {
        if (service.pendingRestart) clearTimeout(service.pendingRestart);
        service.pendingRestart = null;
      }
      const grace = this.options.grace ?? STOP_GRACE;
      const all = [...this.services.values()];
      await this.stopGroup(
        all.filter((service) => !service.spec.stopLast),
        grace.servicesMs,
        grace.afterKillMs,
      );
      await this.stopGroup(
        all.filter((service) => service.spec.stopLast),
        grace.redisMs,
        grace.afterKillMs,
      );
    })();
    return this.stopping;
  }

  private watch(service: Service, child: ChildProcess): ChildProcess {
    service.child = child;
    service.startedAt = this.now();
    // A spawn failure (missing binary) ends in "exit" too, or in "error" alone: treat both as an exit.
    let settled = false;
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      this.exited(service, child, code, signal);
    };
    child.once("exit", exited);
    child.once("error", (error) => {
      this.options.log.error({ child: service.spec.name, err: error.message }, "child could not be started");
      if (child.pid === undefined) exited(null, null);
    });
    return child;
  }

  private exited(service: Service, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) {
    if (service.child !== child) return;
    const upForMs = this.now() - service.startedAt;
    const decision = decideRestart(
      { stopping: this.stopping !== null, upForMs, failuresBefore: service.failures },
      this.options.policy ?? RESTART_POLICY,
    );
    if (!decision.restart) return;
    service.failures = decision.failures;
    this.options.log.warn(
      { child: service.spec.name, pid: child.pid, code, signal, upForMs, failures: decision.failures, delayMs: decision.delayMs },
      "child exited unexpectedly: restarting",
    );
    this.options.say?.(service.spec.name, "restarting", { delayMs: decision.delayMs, code, signal });
    service.pendingRestart = setTimeout(() => {
      service.pendingRestart = null;
      if (this.stopping) return;
      service.restarts += 1;
      const next = this.watch(service, service.spec.spawn());
      this.options.log.warn(
        { child: service.spec.name, pid: next.pid, restarts: service.restarts, previousPid: child.pid },
        "child restarted",
      );
      this.options.say?.(service.spec.name, "restarted", {});
    }, decision.delayMs);
  }

  private async stopGroup(services: Service[], graceMs: number, afterKillMs: number) {
    const children = services.map((service) => service.child).filter(running);
    const exits = children.map(
      (child) => new Promise<void>((resolve) => (running(child) ? child.once("exit", () => resolve()) : resolve())),
    );
    for (const child of children) child.kill("SIGTERM");
    await Promise.race([Promise.all(exits), delay(graceMs)]);
    const stuck = services.filter((service) => running(service.child));
    for (const service of stuck) {
      this.options.log.warn({ child: service.spec.name, pid: service.child!.pid, graceMs }, "child did not stop in time: killing it");
      this.options.say?.(service.spec.name, "killed", {});
      service.child!.kill("SIGKILL");
    }
    if (stuck.length > 0) await Promise.race([Promise.all(exits), delay(afterKillMs)]);
  }
}

function delay(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
}
