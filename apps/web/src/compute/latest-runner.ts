/**
 * Runs an async job for the latest request only, at most one at a time and at
 * most once per animation frame. Slider drags fire input events faster than
 * sweeps finish; the ones that arrive while a sweep runs collapse into one.
 */
export interface LatestRunnerOptions<T, R> {
  run(input: T): Promise<R>;
  done(result: R, input: T, startedAt: number): void;
  failed(error: unknown, input: T): void;
  /** Defaults to requestAnimationFrame; tests pass their own. */
  schedule?: (callback: () => void) => void;
}

export class LatestRunner<T, R> {
  private pending: { input: T } | undefined;
  private busy = false;
  private scheduled = false;
  private stopped = false;
  private readonly schedule: (callback: () => void) => void;

  constructor(private readonly options: LatestRunnerOptions<T, R>) {
    this.schedule = options.schedule ?? ((callback) => requestAnimationFrame(() => callback()));
  }

  request(input: T): void {
    if (this.stopped) return;
    this.pending = { input };
    this.kick();
  }

  /** True while a job runs or one is waiting. */
  get active(): boolean {
    return this.busy || this.pending !== undefined;
  }

  stop(): void {
    this.stopped = true;
    this.pending = undefined;
  }

  private kick(): void {
    if (this.busy || this.scheduled || this.pending === undefined) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      void this.start();
    });
  }

  private async start(): Promise<void> {
    const pending = this.pending;
    if (this.busy || pending === undefined || this.stopped) return;
    this.pending = undefined;
    this.busy = true;
    const startedAt = performance.now();
    try {
      const result = await this.options.run(pending.input);
      if (!this.stopped) this.options.done(result, pending.input, startedAt);
    } catch (error) {
      if (!this.stopped) this.options.failed(error, pending.input);
    } finally {
      this.busy = false;
      this.kick();
    }
  }
}
