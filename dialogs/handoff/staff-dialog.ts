import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { answerHandOff } from "../../services/handoff/answer-hand-off.ts";
import { closeHandOff } from "../../services/handoff/close-hand-off.ts";
import { channelName } from "../../services/handoff/duty.ts";
import { findHandOffs } from "../../services/handoff/find-hand-offs.ts";
import type { StaffPrincipal } from "../../services/staff/find-staff-member.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog } from "../journey-dialog.ts";
import { handOffNotices } from "./hand-off-notices.ts";
import { STAFF_DIALOG } from "./handoff-ids.ts";
import type { StaffCommand } from "./staff-commands.ts";

/**
 * A caseworker's commands in chat (staff-commands.ts): SVAR <code> <text> answers a hand-off,
 * LUKK <code> closes it, SAKER lists the open ones. The services check the role and the
 * municipality again and audit each action with the acting person.
 */
export class StaffDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(STAFF_DIALOG, deps);
    this.steps(this.actStep);
  }

  private async actStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { command, staff } = step.options as { command: StaffCommand; staff: StaffPrincipal };
    const actor = { personId: staff.personId, municipalityId: staff.municipalityId, role: staff.role };
    const { now } = this.time();
    if (command.kind === "list") {
      const open = (await findHandOffs(this.deps.db, { actor, state: "open", limit: 10 })) ?? [];
      const { t } = this.info(step);
      const lines = open.map((handOff) =>
        t("handoff:staff.list_item", {
          code: handOff.code,
          name: handOff.personName.split(" ")[0],
          language: handOff.language,
          channel: channelName(handOff.channel),
          state: handOff.claimedBy ? t("handoff:staff.state_claimed", { name: handOff.claimedBy }) : t("handoff:staff.state_waiting"),
        }),
      );
      await step.context.sendActivity([open.length > 0 ? t("handoff:staff.list_header") : t("handoff:staff.list_empty"), ...lines, t("handoff:staff.help")].join("\n"));
      return step.endDialog();
    }
    const notices = handOffNotices(this.deps);
    const result =
      command.kind === "answer"
        ? await answerHandOff(this.deps.db, { actor, ref: { code: command.code }, text: command.text, now, notices })
        : await closeHandOff(this.deps.db, { actor, ref: { code: command.code }, now, notices });
    if (result.outcome === "SENT" || result.outcome === "CLOSED_NOW") {
      const values = { code: result.code, name: result.personName };
      await this.say(step, [result.outcome === "SENT" ? "handoff:staff.answer_sent" : "handoff:staff.closed_now", values], ...(result.reached ? [] : [["handoff:staff.not_reached", values] as [string, Record<string, unknown>]]));
    } else if (result.outcome === "CLOSED") {
      await this.say(step, ["handoff:staff.already_closed", { code: command.code }]);
    } else {
      await this.say(step, ["handoff:staff.unknown_code", { code: command.code }], "handoff:staff.help");
    }
    return step.endDialog();
  }
}
