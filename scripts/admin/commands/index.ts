import type { AdminCommand } from "../command.ts";
import { commands as providers } from "./providers.ts";
import { commands as activities } from "./activities.ts";
import { commands as ledger } from "./ledger.ts";
import { commands as registry } from "./registry.ts";
import { reportCommands } from "./report.ts";
import { commands as jobs } from "./jobs.ts";
import { commands as outreach } from "./outreach.ts";
import { findReachedChildren } from "../../../services/outreach/find-reached-children.ts";

/**
 * Every command group of `npm run admin` (scripts/admin/command.ts is the contract). To add a
 * group: write scripts/admin/commands/<group>.ts exporting `commands`, and add it here, one line.
 */
const GROUPS: AdminCommand[][] = [
  providers,
  activities,
  ledger,
  registry,
  reportCommands(findReachedChildren),
  jobs,
  outreach,
];

export function adminCommands(): AdminCommand[] {
  return GROUPS.flat();
}
