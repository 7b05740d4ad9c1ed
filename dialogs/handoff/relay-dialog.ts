import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { relayToCaseworker } from "../../services/handoff/relay-to-caseworker.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog } from "../journey-dialog.ts";
import { handOffNotices } from "./hand-off-notices.ts";
import { HAND_OFF_RELAY_DIALOG } from "./handoff-ids.ts";

/**
 * While the person's hand-off is open, what they write goes to the caseworker, not to the bot
 * (services/handoff/relay-to-caseworker.ts). They are told so once; after that the bot stays quiet
 * and the caseworker answers.
 */
export class HandOffRelayDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(HAND_OFF_RELAY_DIALOG, deps);
    this.steps(this.relayStep);
  }

  private async relayStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { identity } = this.info(step);
    const result = await relayToCaseworker(this.deps.db, { personId: identity.person!.id, text: step.context.activity.text ?? "", now: this.time().now, notices: handOffNotices(this.deps) });
    if (result.outcome === "RELAYED" && result.tellPerson) await this.say(step, "handoff:relayed");
    // Closed in between: the bot answers again from the next message.
    if (result.outcome === "NOTHING_OPEN") await this.say(step, "handoff:closed_meanwhile");
    return step.endDialog();
  }
}
