// An in-process micro-batcher: callers hand in one key each and get one
// promise; keys collected for up to `maxWaitMs` (or until `maxSize` are
// waiting) go to `run` together. One batch runs at a time: keys that arrive
// meanwhile wait for it and form the next batch (at once when it is full, else
// `maxWaitMs` after the running one ends), so batches grow with the load and a
// lone key waits no more than `maxWaitMs` (docs/decisions/010).

export type BatchResults<Result> = ReadonlyMap<string, Result | Error>;

export type MicroBatcherOptions = {
  /** Most keys in one batch. */
  maxSize: number;
  /** How long the first key of a batch waits for company. */
  maxWaitMs: number;
};

type Waiter<Result> = { resolve: (result: Result) => void; reject: (error: Error) => void };

export class MicroBatcher<Result> {
  /** Keys waiting for the next batch, each with everyone waiting on it (a key handed in twice runs once). */
  private pending = new Map<string, Waiter<Result>[]>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  /**
   * `run` gets distinct keys and answers each with a result or an Error (that
   * key's callers alone are rejected). If `run` itself throws, every caller of
   * that batch is rejected. A key `run` leaves unanswered is rejected too.
   */
  constructor(
    private readonly run: (keys: string[]) => Promise<BatchResults<Result>>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (!(options.maxSize >= 1) || !(options.maxWaitMs >= 0)) throw new Error("MicroBatcher: maxSize ≥ 1 and maxWaitMs ≥ 0");
  }

  add(key: string): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  /** Keys waiting for a batch (not counting the one running). */
  get waiting(): number {
    return this.pending.size;
  }

  /** Resolves once nothing is waiting or running. */
  async drain(): Promise<void> {
    while (this.running || this.pending.size > 0) {
      if (!this.running) this.start();
      await this.running;
    }
  }

  private schedule() {
    if (this.running) return; // the running batch starts the next one when it ends
    if (this.pending.size >= this.options.maxSize) this.start();
    else this.timer ??= setTimeout(() => this.start(), this.options.maxWaitMs);
  }

  private start() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || this.pending.size === 0) return;
    const batch = new Map<string, Waiter<Result>[]>();
    for (const [key, waiters] of this.pending) {
      if (batch.size >= this.options.maxSize) break;
      batch.set(key, waiters);
    }
    for (const key of batch.keys()) this.pending.delete(key);
    this.running = this.settle(batch).finally(() => {
      this.running = undefined;
      // Whatever arrived meanwhile forms the next batch: at once if it is full, else after
      // maxWaitMs more, long enough for the jobs freed by this batch to bring in the next ones.
      if (this.pending.size > 0) this.schedule();
    });
  }

  private async settle(batch: Map<string, Waiter<Result>[]>) {
    let results: BatchResults<Result>;
    try {
      results = await this.run([...batch.keys()]);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(failure);
      return;
    }
    for (const [key, waiters] of batch) {
      const result = results.has(key) ? results.get(key)! : new Error(`no result for ${key}`);
      for (const waiter of waiters) {
        if (result instanceof Error) waiter.reject(result);
        else waiter.resolve(result);
      }
    }
  }
}
