import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { requestHandOff } from "../services/privacy.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { HAND_OFF_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";

/** Talk to a person: the request is recorded for the municipality's hand-off inbox and acknowledged. */
export class HandOffDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(HAND_OFF_DIALOG, deps);
    this.steps(this.recordStep);
  }

  private async recordStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { identity, language } = this.info(step);
    await requestHandOff(this.deps.db, {
      identityId: identity.identityId,
      personId: identity.person?.id ?? null,
      municipalityId: identity.municipalityId ?? this.deps.municipalityId,
      topic: "chat",
      language,
      now: this.time().now,
    });
    await this.say(step, ["chat:human.done", { municipality: this.deps.scheme.municipalityName }]);
    return step.endDialog();
  }
}
