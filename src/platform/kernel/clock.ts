/** Time comes from here, never from `new Date()` in services, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Fixed-width UTC ISO-8601 with milliseconds and `Z`: sorts correctly as text on both databases. */
export const iso = (d: Date): string => d.toISOString();

export const addMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-11-30T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(d: Date): void {
    this.current = new Date(d.getTime());
  }
  advanceMinutes(minutes: number): void {
    this.current = addMinutes(this.current, minutes);
  }
}
