/** Counts interactions being handled, so shutdown can stop taking new ones and wait for the rest. */
export class InflightTracker {
  private active = 0;
  private accepting = true;
  private idleWaiters: Array<() => void> = [];

  /** Number of interactions being handled now. */
  get count(): number {
    return this.active;
  }

  /** False once shutdown began. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Run `work` as one in-flight interaction. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      if (this.active === 0) this.releaseWaiters();
    }
  }

  /** Stop accepting new interactions. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Wait until no interaction is in flight or `timeoutMs` passes. Returns true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return true;

    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([idle, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private releaseWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
