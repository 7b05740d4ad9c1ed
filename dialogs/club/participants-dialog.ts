import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import type { TFunction } from "i18next";
import { findClubParticipants, type ClubActivityParticipants, type Participant } from "../../services/clubs/find-club-participants.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog } from "../journey-dialog.ts";
import { CLUB_PAGES_DIALOG, CLUB_PARTICIPANTS_DIALOG } from "./club-dialog-ids.ts";
import { paginate } from "./pages-dialog.ts";

/** A line of names longer than this continues on the next line, so a page can end between them. */
const NAMES_PER_LINE_CHARS = 140;

function nameLines(t: TFunction, key: string, people: Participant[]): string[] {
  const names = people.map((person) => (person.age === null ? person.childName : `${person.childName} (${person.age})`));
  const lines: string[][] = [[]];
  for (const name of names) {
    const line = lines.at(-1)!;
    if (line.length > 0 && [...line, name].join(", ").length > NAMES_PER_LINE_CHARS) lines.push([name]);
    else line.push(name);
  }
  return lines.filter((line) => line.length > 0).map((line) => String(t(key, { names: line.join(", ") })));
}

function activityLines(t: TFunction, activity: ClubActivityParticipants, withClub: boolean): string[] {
  const values = { n: activity.number, activity: activity.activityTitle, club: activity.clubName };
  const header = String(t(withClub ? "club:participants.activity_club" : "club:participants.activity", values));
  const names = [...nameLines(t, "club:participants.confirmed", activity.confirmed), ...nameLines(t, "club:participants.waiting", activity.waiting)];
  const [first = String(t("club:participants.empty")), ...rest] = names;
  // The heading stays with its first line: a page never ends on an activity's name alone.
  return [`${header}\n${first}`, ...rest];
}

/**
 * "deltakere" (optionally with an activity's number): the club's activities with their confirmed
 * and waiting participants this period, first names and ages; SMS-sized pages with MER.
 */
export class ParticipantsDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CLUB_PARTICIPANTS_DIALOG, deps);
    this.steps(this.listStep);
  }

  private async listStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    const { activityNumber } = step.options as { activityNumber?: number };
    const result = await findClubParticipants(this.deps.db, { personId: info.identity.person!.id, activityNumber, language: info.language, today: this.time().today, rules: this.deps.scheme });
    if (!result.found) {
      await this.say(step, result.total === 0 ? "club:participants.no_activities" : ["club:participants.unknown_number", { number: activityNumber, max: result.total }]);
      return step.endDialog();
    }
    const withClub = new Set(result.activities.map((activity) => activity.clubName)).size > 1;
    const lines = result.activities.flatMap((activity) => activityLines(info.t, activity, withClub));
    if (activityNumber === undefined && result.total > 1) lines.push(String(info.t("club:participants.hint")));
    return step.replaceDialog(CLUB_PAGES_DIALOG, { pages: paginate(lines, info.sms) });
  }
}
