import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { openHandOff } from "../services/handoff/open-hand-off.ts";
import { createLoginToken } from "../services/identity-login.ts";
import type { DialogDependencies } from "./dependencies.ts";
import { HAND_OFF_DIALOG } from "./dialog-ids.ts";
import { formatDateTime } from "./format.ts";
import { handOffNotices, handOffSettings } from "./handoff/hand-off-notices.ts";
import { JourneyDialog } from "./journey-dialog.ts";

/**
 * Talk to a person: opens a hand-off (services/handoff/open-hand-off.ts) with the last turns of the
 * conversation, the person's language and channel, and their words as the reason. A caseworker
 * answers in this chat, so the person must be known: an unverified identity gets a login link first.
 */
export class HandOffDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(HAND_OFF_DIALOG, deps);
    this.steps(this.openStep);
  }

  private async openStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { identity, language } = this.info(step);
    const { now } = this.time();
    if (!identity.verified || !identity.person) {
      const token = await createLoginToken(this.deps.db, { identityId: identity.identityId, now });
      await this.say(step, ["handoff:login_needed", { url: this.deps.loginUrl(token), municipality: this.deps.scheme.municipalityName }]);
      return step.endDialog();
    }
    const memory = (await this.deps.memory.get(step.context, {})) ?? {};
    const transcript = memory.transcript ?? [];
    const reason = (step.context.activity.text ?? "").trim() || null;
    const settings = handOffSettings(this.deps);
    const result = await openHandOff(this.deps.db, {
      personId: identity.person.id,
      municipalityId: identity.municipalityId ?? this.deps.municipalityId,
      identityId: identity.identityId,
      channel: identity.channel,
      language,
      reason,
      // The request itself is the reason; the transcript is what came before it.
      transcript: transcript.at(-1)?.from === "person" && transcript.at(-1)?.text === step.context.activity.text ? transcript.slice(0, -1) : transcript,
      now,
      staffedHours: settings.staffedHours,
      timeZone: this.deps.scheme.timeZone,
      notices: handOffNotices(this.deps),
    });
    const municipality = this.deps.scheme.municipalityName;
    if (result.outcome === "ALREADY_OPEN") await this.say(step, "handoff:already_open");
    else if (result.staffed) await this.say(step, ["handoff:opened", { municipality }]);
    else if (result.answersFrom) await this.say(step, ["handoff:opened_later", { municipality, when: formatDateTime(result.answersFrom, language, this.deps.scheme.timeZone) }]);
    else await this.say(step, ["handoff:opened_unstaffed", { municipality }]);
    return step.endDialog();
  }
}
