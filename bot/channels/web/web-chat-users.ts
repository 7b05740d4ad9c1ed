import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../../../services/clock.ts";

/** How long a browser keeps its web chat user without coming back; each visit renews it. */
export const WEB_CHAT_USER_DAYS = 30;

/** What the page presents from its storage: a user id and our proof that we issued it. */
export const PresentedUser = z.object({ id: z.string().regex(/^dl_[\w-]{8,64}$/), proof: z.string().max(200) });
export type PresentedUser = z.infer<typeof PresentedUser>;

/**
 * The web chat's user across reloads and language switches. The user id is who the chat is
 * (its ChannelIdentity, and so a login): the page keeps it with a proof — `v1.<expiry>.<HMAC of id
 * and expiry>` under a key of the service's own — and the token server accepts an id only with a
 * valid, unexpired proof. A page cannot choose an id it was not given, and a proof for one id does
 * not fit another.
 */
export class WebChatUsers {
  constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
    private readonly lifetimeDays = WEB_CHAT_USER_DAYS,
  ) {
    if (key.length < 32) throw new Error("the web chat user key needs at least 32 bytes");
  }

  /** The user this request may speak as: the presented one if its proof holds, else a new one; with a renewed proof. */
  resolve(presented: unknown): { id: string; proof: string; returning: boolean } {
    const user = PresentedUser.safeParse(presented);
    const returning = user.success && this.verify(user.data);
    const id = returning ? user.data!.id : `dl_${randomBytes(12).toString("base64url")}`;
    return { id, proof: this.prove(id), returning };
  }

  prove(id: string): string {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + this.lifetimeDays * 86_400;
    return `v1.${exp}.${this.mac(id, exp)}`;
  }

  verify(user: PresentedUser): boolean {
    const [version, expText, mac] = user.proof.split(".");
    const exp = Number(expText);
    if (version !== "v1" || !mac || !Number.isSafeInteger(exp) || exp * 1000 <= this.clock.now().getTime()) return false;
    const expected = Buffer.from(this.mac(user.id, exp));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(id: string, exp: number): string {
    return createHmac("sha256", this.key).update(`webchat-user|${id}|${exp}`).digest("base64url");
  }
}
