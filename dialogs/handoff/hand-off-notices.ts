import type { HandOffNotices } from "../../services/handoff/hand-off-text.ts";
import type { DialogDependencies, HandOffSettings } from "../dependencies.ts";
import { noticeText } from "../notices.ts";

export type { HandOffSettings };

/** Without settings (tests of other journeys): always staffed, the inbox under the public URL. */
export function handOffSettings(deps: DialogDependencies): HandOffSettings {
  return deps.handOff ?? { staffedHours: "always", inboxUrl: `${deps.publicBaseUrl}/staff/` };
}

export function handOffNotices(deps: DialogDependencies): HandOffNotices {
  return { text: noticeText(deps), municipalityName: deps.scheme.municipalityName, inboxUrl: handOffSettings(deps).inboxUrl };
}
