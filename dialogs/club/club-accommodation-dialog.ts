import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { findClubAccommodationRequests } from "../../services/clubs/find-club-accommodation-requests.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog } from "../journey-dialog.ts";
import { CLUB_ACCOMMODATION_DIALOG, CLUB_PAGES_DIALOG } from "./club-dialog-ids.ts";
import { paginate } from "./pages-dialog.ts";

/** "tilrettelegging" from a club contact: the open requests for adaptation to the club (coarse needs only). */
export class ClubAccommodationDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CLUB_ACCOMMODATION_DIALOG, deps);
    this.steps(this.listStep);
  }

  private async listStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const requests = await findClubAccommodationRequests(this.deps.db, { personId: info.identity.person!.id, language: info.language });
    if (requests.length === 0) {
      await this.say(step, "club:accommodation.none");
      return step.endDialog();
    }
    const lines = [
      String(info.t("club:accommodation.header")),
      ...requests.map((request) =>
        String(info.t("club:accommodation.item", { child: request.childName, activity: request.activityTitle, needs: request.needs.map((need) => String(info.t(`chat:accommodation.need.${need}`))).join(", ") })),
      ),
    ];
    return step.replaceDialog(CLUB_PAGES_DIALOG, { pages: paginate(lines, info.sms) });
  }
}
