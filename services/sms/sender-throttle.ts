/** What to do with one more message from a sender: answer it, send the one notice, or stay silent. */
export type SenderAllowance = "answer" | "notice" | "silence";

export interface SenderThrottle {
  /** Messages a sender may send in one window and still be answered. */
  limit: number;
  windowSeconds: number;
}

/**
 * Per sender (per ChannelIdentity, counted in the database so every server process counts the same
 * sender: `resolveChannelIdentity` with `countInbound`, in the statement that finds the sender): the
 * first `limit` messages of a window are answered, the next gets one polite notice, the rest silence
 * until the window ends. The row lock orders concurrent messages of one sender, so exactly one of
 * them is number `limit + 1`, the notice.
 */
export function allowanceOf(inboundCount: number, throttle: Pick<SenderThrottle, "limit">): SenderAllowance {
  if (inboundCount <= throttle.limit) return "answer";
  return inboundCount === throttle.limit + 1 ? "notice" : "silence";
}
