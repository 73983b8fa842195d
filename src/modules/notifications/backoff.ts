/** How often and how patiently a delivery is retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included; then the delivery is `failed`. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** About four hours of trying: 1, 2, 4, … minutes, then hourly, ten attempts in all. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60 * 60_000 };

/**
 * The wait after `attempts` failed attempts: exponential, capped, with "equal jitter" (half fixed,
 * half random) so that the deliveries an outage held up do not all come back in the same second.
 */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
