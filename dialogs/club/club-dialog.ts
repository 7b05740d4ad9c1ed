import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from "botbuilder-dialogs";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog } from "../journey-dialog.ts";
import { ClubAccommodationDialog } from "./club-accommodation-dialog.ts";
import type { ClubCommand } from "./club-commands.ts";
import { CLUB_ACCOMMODATION_DIALOG, CLUB_ANSWER_DIALOG, CLUB_DIALOG, CLUB_OPEN_SIGN_UPS_DIALOG, CLUB_PARTICIPANTS_DIALOG } from "./club-dialog-ids.ts";
import { AnswerSignUpDialog } from "./answer-sign-up-dialog.ts";
import { OpenSignUpsDialog } from "./open-sign-ups-dialog.ts";
import { ClubPagesDialog } from "./pages-dialog.ts";
import { ParticipantsDialog } from "./participants-dialog.ts";

const JOURNEY_OF: Record<ClubCommand["kind"], string> = {
  answer: CLUB_ANSWER_DIALOG,
  participants: CLUB_PARTICIPANTS_DIALOG,
  open: CLUB_OPEN_SIGN_UPS_DIALOG,
  accommodation: CLUB_ACCOMMODATION_DIALOG,
};

/**
 * The club journeys, for a verified club contact whose message is a club command
 * (club-commands.ts): answer a sign-up, participants, open sign-ups, accommodation requests. What
 * a journey hands over when it ends (a message that was not the club's after all) goes back to the
 * main dialog.
 */
export class ClubDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CLUB_DIALOG, deps);
    this.addDialog(new AnswerSignUpDialog(deps))
      .addDialog(new ParticipantsDialog(deps))
      .addDialog(new OpenSignUpsDialog(deps))
      .addDialog(new ClubAccommodationDialog(deps))
      .addDialog(new ClubPagesDialog(deps))
      .addDialog(new WaterfallDialog(`${CLUB_DIALOG}.steps`, [this.routeStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = `${CLUB_DIALOG}.steps`;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { command } = step.options as { command: ClubCommand };
    return step.beginDialog(JOURNEY_OF[command.kind], command.kind === "answer" ? { command } : command);
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }
}
