import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { answerAccommodation } from "../../services/accommodation/answer-accommodation.ts";
import { answerSignUp } from "../../services/clubs/answer-sign-up.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog, type JourneyResult } from "../journey-dialog.ts";
import { noticeText } from "../notices.ts";
import type { ClubCommand } from "./club-commands.ts";
import { CLUB_ANSWER_DIALOG, CLUB_PAGES_DIALOG } from "./club-dialog-ids.ts";
import { paginate } from "./pages-dialog.ts";
import { openSignUpLine } from "./open-sign-ups-dialog.ts";

const SETTLED_KEYS = {
  CONFIRMED: "club:answer.confirmed",
  DECLINED: "club:answer.declined",
  ALREADY_CONFIRMED: "club:answer.already_confirmed",
  ALREADY_DECLINED: "club:answer.already_declined",
  CANCELLED: "club:answer.cancelled",
  EXPIRED: "club:answer.expired",
} as const;

const THREAD_KEYS = { SENT: "accommodation:club.sent", CLOSED: "accommodation:club.closed", ALREADY_CLOSED: "accommodation:club.already_closed" } as const;

/**
 * The club's answer to a sign-up notice: JA <code> confirms (the card's hold is posted), NEI <code>
 * <reason> declines (the hold is voided and the family told). A bare JA/NEI answers the one open
 * sign-up; with several open it lists their codes, with none it is not the club's. A code of an
 * accommodation request answers that request's thread (JA/PRAT/NEI <code> <message>, LUKK <code>).
 */
export class AnswerSignUpDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CLUB_ANSWER_DIALOG, deps);
    this.steps(this.answerStep);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const command = (step.options as { command: Extract<ClubCommand, { kind: "answer" }> }).command;
    // A code may be an accommodation request's (the two share the club's code space): that thread first.
    if (command.code !== undefined) {
      const thread = await answerAccommodation(this.deps.db, { personId: info.identity.person!.id, answer: command.answer, code: command.code, message: command.message, now: this.time().now, notices: noticeText(this.deps) });
      if (thread.outcome !== "NOT_A_REQUEST") {
        if (thread.outcome === "RATE_LIMITED") await this.say(step, ["club:answer.rate_limited", { minutes: thread.minutes }]);
        else if (thread.outcome === "UNKNOWN_CODE") await this.say(step, ["club:answer.unknown_code", { code: thread.code }]);
        else await this.say(step, [THREAD_KEYS[thread.outcome], { child: thread.childName, code: thread.code, ...thread.familySide }]);
        return step.endDialog();
      }
    }
    if (command.answer === "talk" || command.answer === "close") return step.endDialog();
    const result = await answerSignUp(this.deps.db, {
      personId: info.identity.person!.id,
      answer: command.answer,
      code: command.code,
      reason: command.reason,
      language: info.language,
      ...this.time(),
      notices: noticeText(this.deps),
    });
    switch (result.outcome) {
      case "NOTHING_OPEN":
      case "NOT_A_CONTACT":
        // Nothing of the club's to answer: a yes or no like anyone's.
        return step.endDialog({ next: { intent: info.understanding.intent, entities: info.understanding.entities } } satisfies JourneyResult);
      case "UNKNOWN_CODE":
        await this.say(step, ["club:answer.unknown_code", { code: result.code }]);
        return step.endDialog();
      case "RATE_LIMITED":
        await this.say(step, ["club:answer.rate_limited", { minutes: result.minutes }]);
        return step.endDialog();
      case "WHICH": {
        const lines = [String(info.t("club:answer.which", { code: result.open[0]!.code })), ...result.open.map((signUp) => openSignUpLine(info.t, signUp))];
        return step.replaceDialog(CLUB_PAGES_DIALOG, { pages: paginate(lines, info.sms) });
      }
      default: {
        const { signUp } = result;
        await this.say(step, [SETTLED_KEYS[result.outcome], { child: signUp.childName, activity: signUp.activityTitle, code: signUp.code }]);
        return step.endDialog();
      }
    }
  }
}
