import type { WaterfallStepContext } from "botbuilder-dialogs";
import { optOutOfMessages } from "../services/opt-out.ts";
import { ConfirmedActionDialog } from "./confirmed-action-dialog.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { STOP_DIALOG } from "./dialog-ids.ts";

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
    await optOutOfMessages(this.deps.db, { identityId: identity.identityId, personId: identity.person?.id ?? null, now: this.time().now });
    await this.say(step, "chat:stop.done");
  }
}
