import type { WaterfallStepContext } from "botbuilder-dialogs";
import { requestDataDeletion } from "../services/privacy.ts";
import { ConfirmedActionDialog } from "./confirmed-action-dialog.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { DELETE_DATA_DIALOG } from "./dialog-ids.ts";

/** Delete my data: confirmed, then recorded as the start of the municipality's privacy process. */
export class DeleteDataDialog extends ConfirmedActionDialog {
  constructor(deps: DialogDependencies) {
    super(DELETE_DATA_DIALOG, deps, { confirm: "chat:delete_data.confirm", kept: "chat:delete_data.kept" });
  }

  protected async act(step: WaterfallStepContext): Promise<void> {
    const { identity } = this.info(step);
    const { requestId } = await requestDataDeletion(this.deps.db, {
      identityId: identity.identityId,
      personId: identity.person?.id ?? null,
      municipalityId: identity.municipalityId ?? this.deps.municipalityId,
      now: this.time().now,
    });
    await this.say(step, ["chat:delete_data.done", { id: requestId }]);
  }
}
