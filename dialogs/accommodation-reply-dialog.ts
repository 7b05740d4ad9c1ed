import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { replyToClub } from "../services/accommodation/reply-to-club.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { ACCOMMODATION_REPLY_DIALOG } from "./dialog-ids.ts";
import { JourneyDialog } from "./journey-dialog.ts";
import { noticeText } from "./notices.ts";
import { markdownText } from "./format.ts";
import { addressFor } from "./people.ts";
import { turnInfo } from "./turn-info.ts";
import type { DialogContext } from "botbuilder-dialogs";

/** The family's words in an accommodation thread: SVAR <text> writes to the club, LUKK closes it. */
export type FamilyThreadCommand = { action: "reply"; text: string } | { action: "close" };

// The words the club's answer names in every language (as JA/NEI are the notices' words); REPLY/CLOSE too.
const REPLY = /^(?:svar|reply)[\s.,:;!-]+(\S[\s\S]*)$/iu;
const CLOSE = /^(?:lukk|close)[.!]?$/iu;

/** The family thread command a message is, or null (the whole message must be one). */
export function familyThreadCommandOf(text: string): FamilyThreadCommand | null {
  const message = text.trim();
  const reply = REPLY.exec(message);
  if (reply) return { action: "reply", text: reply[1]!.trim() };
  return CLOSE.test(message) ? { action: "close" } : null;
}

/** This turn's family thread command, for a verified person (the use case finds their thread). */
export function familyThreadCommandFor(dc: DialogContext): FamilyThreadCommand | null {
  const { identity } = turnInfo(dc.context);
  if (!identity.verified || !identity.person) return null;
  return familyThreadCommandOf(dc.context.activity.text ?? "");
}

/**
 * The family writes back to the club in an accommodation thread, or closes it: the thread is their
 * request the club answered last (services/accommodation/reply-to-club.ts).
 */
export class AccommodationReplyDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(ACCOMMODATION_REPLY_DIALOG, deps);
    this.steps(this.replyStep);
  }

  private async replyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const command = (step.options as { command: FamilyThreadCommand }).command;
    const result = await replyToClub(this.deps.db, {
      personId: info.identity.person!.id,
      action: command.action,
      text: command.action === "reply" ? command.text : undefined,
      now: this.time().now,
      notices: noticeText(this.deps),
    });
    if (result.outcome === "NOTHING_OPEN") await this.say(step, "accommodation:family.nothing_open");
    // A youth closing their own request reads "your request", not their own name.
    else await this.say(step, [result.outcome === "SENT" ? "accommodation:family.reply_sent" : "accommodation:family.closed", { club: markdownText(result.clubName), child: markdownText(result.childName), ...addressFor(info, result.childId) }]);
    return step.endDialog();
  }
}
