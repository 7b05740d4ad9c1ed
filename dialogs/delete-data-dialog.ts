import type { WaterfallStepContext } from "botbuilder-dialogs";
import { eraseMyData } from "../services/privacy/erase-my-data.ts";
import { privacyRequestRef } from "../services/privacy/erase-channels.ts";
import { ConfirmedActionDialog } from "./confirmed-action-dialog.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { DELETE_DATA_DIALOG } from "./dialog-ids.ts";
import { noticeText } from "./notices.ts";

/**
 * Delete my data: confirmed, then erased at once what chat holds (identities, messages, state) and
 * the rest queued for the privacy officer (docs/privacy.md). The reply says which of the two happened.
 */
export class DeleteDataDialog extends ConfirmedActionDialog {
  constructor(deps: DialogDependencies) {
    super(DELETE_DATA_DIALOG, deps, { confirm: "privacy:delete.confirm", kept: "chat:delete_data.kept" });
  }

  protected async act(step: WaterfallStepContext): Promise<void> {
    const info = this.info(step);
    const erased = await eraseMyData(this.deps.db, {
      identityId: info.identity.identityId,
      municipalityId: info.identity.municipalityId ?? this.deps.municipalityId,
      now: this.time().now,
      text: noticeText(this.deps),
    });
    // The state of this conversation goes too, after the turn (the bot deletes instead of saving it).
    info.forgetConversation = true;
    const ref = privacyRequestRef(erased.requestId);
    if (!erased.personId) return this.say(step, ["privacy:delete.done_anonymous", { ref }]);
    await this.say(step, [erased.officersTold.length > 0 ? "privacy:delete.done_queued" : "privacy:delete.done_queued_untold", { ref }]);
  }
}
