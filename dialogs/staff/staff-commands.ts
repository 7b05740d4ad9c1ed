import type { DialogContext } from "botbuilder-dialogs";
import { findStaffMember } from "../../services/staff/find-staff-member.ts";
import type { DialogDependencies } from "../dependencies.ts";
import { turnInfo } from "../turn-info.ts";

/** A caseworker's top-up in chat: `PÅFYLL <child's name> <amount in NOK> <reason>`. */
export interface TopUpCommand {
  kind: "top_up";
  name: string;
  amountNok: number;
  reason: string;
}

// PÅFYLL/PAFYLL/TOPUP, the name up to the amount, then the reason (at least 3 characters).
const TOP_UP = /^(?:p[aå]fyll|top-?up)\s+(.+?)\s+(\d{1,6})(?:\s*(?:kr|nok|,-))?\s+(\S.{2,})$/iu;

/** The staff command a message is, or null. */
export function staffCommandOf(text: string): TopUpCommand | null {
  const match = TOP_UP.exec(text.replace(/\s+/g, " ").trim());
  return match ? { kind: "top_up", name: match[1]!, amountNok: Number(match[2]), reason: match[3]!.trim() } : null;
}

/**
 * Whether this turn is a staff member's command (docs/staff.md): the message is one and the
 * person writing is verified staff. Which staff may do it is the use case's decision (an admin's
 * PÅFYLL is refused there, with the reason).
 */
export async function staffCommandFor(dc: DialogContext, deps: DialogDependencies): Promise<TopUpCommand | null> {
  const { identity } = turnInfo(dc.context);
  if (!deps.topUps || !identity.verified || !identity.person) return null;
  const command = staffCommandOf(dc.context.activity.text ?? "");
  if (!command) return null;
  return (await findStaffMember(deps.db, { personId: identity.person.id })) ? command : null;
}
