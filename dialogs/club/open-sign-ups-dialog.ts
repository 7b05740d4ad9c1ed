import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import type { TFunction } from "i18next";
import { findOpenSignUps, type ClubSignUp } from "../../services/clubs/find-open-sign-ups.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog } from "../journey-dialog.ts";
import { CLUB_OPEN_SIGN_UPS_DIALOG, CLUB_PAGES_DIALOG } from "./club-dialog-ids.ts";
import { paginate } from "./pages-dialog.ts";

/** "4F2K: Jonas, 11 år, Fotball 2015". */
export function openSignUpLine(t: TFunction, signUp: ClubSignUp): string {
  const values = { code: signUp.code, child: signUp.childName, age: signUp.age, activity: signUp.activityTitle };
  return String(t(signUp.age === null ? "club:open.item_no_age" : "club:open.item", values));
}

/**
 * "påmeldinger": the club's sign-ups waiting for an answer, with their codes. On web chat and
 * Teams, where no notice is pushed yet, this is where a contact finds them.
 */
export class OpenSignUpsDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CLUB_OPEN_SIGN_UPS_DIALOG, deps);
    this.steps(this.listStep);
  }

  private async listStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const open = await findOpenSignUps(this.deps.db, { personId: info.identity.person!.id, language: info.language, today: this.time().today });
    if (open.length === 0) {
      await this.say(step, "club:open.none");
      return step.endDialog();
    }
    const lines = [String(info.t("club:open.header")), ...open.map((signUp) => openSignUpLine(info.t, signUp)), String(info.t("club:open.how", { code: open[0]!.code }))];
    return step.replaceDialog(CLUB_PAGES_DIALOG, { pages: paginate(lines, info.sms) });
  }
}
