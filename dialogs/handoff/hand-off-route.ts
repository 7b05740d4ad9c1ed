import type { DialogContext } from "botbuilder-dialogs";
import type { DialogDependencies } from "../dependencies.ts";
import { turnInfo } from "../turn-info.ts";
import { staffCommandFor } from "./staff-commands.ts";
import { HAND_OFF_RELAY_DIALOG, STAFF_DIALOG } from "./handoff-ids.ts";

/** A turn the hand-off journeys take: a caseworker's command, or a person's message while their hand-off is open. */
export type HandOffRoute = { dialog: string; options: object };

/** A caseworker's SVAR/LUKK/SAKER (docs/conversation.md, "Hand-off to a person"): checked before any other journey. */
export async function staffRouteFor(dc: DialogContext, deps: DialogDependencies): Promise<HandOffRoute | null> {
  const staff = await staffCommandFor(dc, deps);
  return staff ? { dialog: STAFF_DIALOG, options: staff } : null;
}

/** While the person's hand-off is open, their message goes to the caseworker, not to the bot. */
export async function relayRouteFor(dc: DialogContext, deps: DialogDependencies): Promise<HandOffRoute | null> {
  const { identity } = turnInfo(dc.context);
  // Found with the sender, in the turn's first statement (services/identity.ts).
  return identity.verified && identity.handOffOpen ? { dialog: HAND_OFF_RELAY_DIALOG, options: {} } : null;
}
