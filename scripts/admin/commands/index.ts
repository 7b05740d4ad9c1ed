import type { AdminCommand } from "../command.ts";
import { commands as providers } from "./providers.ts";
import { commands as activities } from "./activities.ts";
import { commands as ledger } from "./ledger.ts";

/**
 * Every command group of `npm run admin` (scripts/admin/command.ts is the contract). To add a
 * group: write scripts/admin/commands/<group>.ts exporting `commands`, and add it here, one line.
 */
const GROUPS: AdminCommand[][] = [
  providers,
  activities,
  ledger,
];

export function adminCommands(): AdminCommand[] {
  return GROUPS.flat();
}
