/**
 * The sandbox's notion of "now": the machine clock plus an offset that tests (and the admin API)
 * can move forward, so token expiry, page-token expiry, rolling credit windows and recycle-bin
 * retention can be exercised without waiting for them.
 */
export class SandboxClock {
  private offsetMs = 0;

  constructor(private readonly machineNow: () => number = Date.now) {}

  now(): number {
    return this.machineNow() + this.offsetMs;
  }

  /** How far the clock has been moved ahead of the machine clock, for snapshots. */
  get advancedMs(): number {
    return this.offsetMs;
  }

  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('the clock only moves forward');
    }
    this.offsetMs += milliseconds;
  }
}
