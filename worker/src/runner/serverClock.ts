/**
 * The server's clock as this worker sees it: the worker's own clock (injectable, for tests)
 * corrected by an offset measured from answers that carry the server's time (announce,
 * claim). Job `runAt`s are server times: comparing them with an uncorrected clock that runs
 * ahead claims too early (refused), one that runs behind claims late. Read by worker.ts.
 */

/** A sample of (server time − local time), and how long its round trip took. */
interface Sample {
  offsetMs: number;
  rttMs: number;
}

const KEEP = 8;

export class ServerClock {
  /** The worker's own clock (Date.now unless a test injects a skewed one). */
  readonly local: () => number;
  private samples: Sample[] = [];

  constructor(local: () => number = Date.now) {
    this.local = local;
  }

  /** Server − local, from the recent sample with the shortest round trip (the least error). */
  get offsetMs(): number {
    let best: Sample | undefined;
    for (const s of this.samples) if (!best || s.rttMs < best.rttMs) best = s;
    return best?.offsetMs ?? 0;
  }

  /** The server's time now, as well as this worker can tell. */
  now(): number {
    return this.local() + this.offsetMs;
  }

  /**
   * An answer stamped `serverTime` by the server, for a call sent at local `sentAt` and
   * answered at local `receivedAt`: the server read its clock somewhere in between. The
   * offset taken is the one that puts the server's clock earliest (as if it read it at
   * `receivedAt`), so `now()` errs late by at most the round trip, never early: a claim
   * sent too early costs a refused round trip, which on a busy backend is the longer wait.
   */
  observe(serverTime: number, sentAt: number, receivedAt: number): void {
    const rttMs = Math.max(0, receivedAt - sentAt);
    this.samples = [
      ...this.samples.slice(-(KEEP - 1)),
      { offsetMs: serverTime - Math.max(sentAt, receivedAt), rttMs },
    ];
  }
}
