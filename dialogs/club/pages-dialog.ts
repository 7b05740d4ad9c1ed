import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { isMore } from "../answers.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { JourneyDialog, type JourneyResult } from "../journey-dialog.ts";
import { CLUB_PAGES_DIALOG } from "./club-dialog-ids.ts";

/** About two SMS segments per page on SMS (the adapter would split longer ones); a screenful elsewhere. */
const SMS_PAGE_CHARS = 300;
const PAGE_CHARS = 1500;

/** Lines in pages of at most a page's characters (a line longer than a page is a page of its own). */
export function paginate(lines: string[], sms: boolean): string[] {
  const limit = sms ? SMS_PAGE_CHARS : PAGE_CHARS;
  const pages: string[][] = [];
  let size = 0;
  for (const line of lines) {
    const page = pages.at(-1);
    if (page && size + line.length + 1 <= limit) {
      page.push(line);
      size += line.length + 1;
    } else {
      pages.push([line]);
      size = line.length;
    }
  }
  return pages.map((page) => page.join("\n"));
}

/**
 * A list longer than a page (participants, open sign-ups): one page per message and MER for the
 * next. Any other answer ends the list and is taken as a new request.
 */
export class ClubPagesDialog extends JourneyDialog {
  constructor(deps: DialogDependencies) {
    super(CLUB_PAGES_DIALOG, deps);
    this.steps(this.pageStep, this.nextStep);
  }

  private pages(step: WaterfallStepContext): string[] {
    return (step.options as { pages: string[] }).pages;
  }

  private async pageStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const [page = "", ...rest] = this.pages(step);
    if (rest.length === 0) {
      await step.context.sendActivity(page);
      return step.endDialog();
    }
    return this.ask(step, `${page}\n${String(this.info(step).t("club:participants.more"))}`);
  }

  private async nextStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = this.info(step);
    if (isMore(String(step.result ?? ""), info)) return step.replaceDialog(this.initialDialogId!, { pages: this.pages(step).slice(1) });
    return step.endDialog({ next: { intent: info.understanding.intent, entities: info.understanding.entities } } satisfies JourneyResult);
  }
}
