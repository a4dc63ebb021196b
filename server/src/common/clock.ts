import { Injectable } from '@nestjs/common';

/**
 * The time as the application sees it. Every timestamp the server writes comes from here,
 * so tests can move time (deadlines, expiry) without waiting for it.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private frozen: Date | null = null;

  now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date(Date.now() + this.offsetMs);
  }

  /** Test use: jump forward or back by `ms`. */
  advance(ms: number): void {
    if (this.frozen) this.frozen = new Date(this.frozen.getTime() + ms);
    else this.offsetMs += ms;
  }

  /** Test use: stop time at `at` (or release it with null). */
  freeze(at: Date | null): void {
    this.frozen = at;
  }
}
