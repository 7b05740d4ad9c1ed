import type { WaterfallStepContext } from "botbuilder-dialogs";
import { optOutSms } from "../services/sms/sms-identities.ts";
import type { DialogDependencies } from "./context.ts";
import { STOP_DIALOG } from "./dialog-ids.ts";
import { ConfirmedActionDialog } from "./yes-no-dialog.ts";

/**
 * Stop (opt out) said in a sentence. A lone STOP/STOPP on SMS never reaches the bot: the SMS
 * channel answers that keyword itself (bot/channels/sms/keywords.ts). A sentence can mean
 * "stop this sign-up" too, so it is confirmed first; the opt-out itself is the channel's.
 */
export class StopDialog extends ConfirmedActionDialog {
  constructor(deps: DialogDependencies) {
    super(STOP_DIALOG, deps, { confirm: "chat:stop.confirm", kept: "chat:stop.kept" });
  }

  protected async act(step: WaterfallStepContext): Promise<void> {
    const { identity } = this.info(step);
    await optOutSms(this.deps.db.prisma, { id: identity.identityId, personId: identity.person?.id ?? null, verifiedAt: null, optedOutAt: null, language: identity.language });
    await this.say(step, "chat:stop.done");
  }
}
