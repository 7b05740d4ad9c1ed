import type restify from "restify";

/**
 * Whether a request came from this machine (the socket's peer, never a header a client can set).
 * Development's open doors — the admin API without a token, the unsigned SMS webhook — are open
 * only to it.
 */
export function fromLoopback(req: restify.Request): boolean {
  const remote = req.socket?.remoteAddress ?? "";
  return /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.test(remote);
}
