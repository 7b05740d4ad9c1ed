/**
 * A token bucket per sender: a Norwegian long number takes about one SMS a second at Twilio; more
 * is queued there for hours or refused. Per process: several server processes share the rate only
 * if each is given its part of it (SMS_SENDS_PER_SECOND).
 */
export class SendRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new Error("SendRateLimiter needs a positive rate");
  }

  /** Resolves when one more send from `sender` is allowed, and takes that turn. */
  async acquire(sender: string): Promise<void> {
    for (;;) {
      const now = this.clock();
      const capacity = Math.max(1, this.perSecond);
      const bucket = this.buckets.get(sender) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
      this.buckets.set(sender, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000)));
    }
  }
}
