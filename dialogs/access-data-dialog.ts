import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { EXPORT_LINK_TTL_MS, requestDataExport } from "../services/privacy/export-my-data.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { ACCESS_DATA_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";

/** The path of the export download (bot/privacy-routes.ts serves it). */
export const PRIVACY_EXPORT_PATH = "/privacy/export";

/**
 * "What do you have about me?" (innsyn, GDPR art. 15): for a verified person (the router asks for
 * a login first), a one-time link to a JSON export of what is stored about them and their children.
 */
export class AccessDataDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(ACCESS_DATA_DIALOG, deps);
    this.steps(this.answerStep);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { identity } = this.info(step);
    const { token } = await requestDataExport(this.deps.db, { identityId: identity.identityId, now: this.time().now });
    const url = `${this.deps.publicBaseUrl}${PRIVACY_EXPORT_PATH}?token=${encodeURIComponent(token)}`;
    await this.say(step, ["privacy:access.link", { url, minutes: EXPORT_LINK_TTL_MS / 60_000 }]);
    return step.endDialog();
  }
}
