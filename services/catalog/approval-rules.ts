/**
 * The scheme's rules for approving a club and an activity (domain.md): the card pays only for
 * organised activities of an approved club that meet often enough, never for an excluded category,
 * and the pilots required a police certificate (politiattest) for the club's leaders. One copy of
 * the rules: the decisions (decide-provider.ts, decide-activity.ts) refuse on them, and the list of
 * what waits (find-pending-activities.ts) shows them in advance.
 */
export type ApprovalProblem =
  | { rule: "police-certificate" }
  | { rule: "bank-account" }
  | { rule: "provider-not-approved"; providerState: string }
  | { rule: "too-few-sessions"; sessions: number; minimum: number }
  | { rule: "category-excluded"; category: string };

export interface ProviderFacts {
  approvalState: string;
  policeCertificates: boolean;
  bankAccount: string | null;
}

export interface ActivityFacts {
  category: string;
  sessionsPerPeriod: number;
}

export interface SchemeFacts {
  minSessionsPerPeriod: number;
  excludedCategories: string[];
}

/** What stops a club from being approved: no police certificate on file, no account to be paid to. */
export function providerProblems(provider: Omit<ProviderFacts, "approvalState">): ApprovalProblem[] {
  const problems: ApprovalProblem[] = [];
  if (!provider.policeCertificates) problems.push({ rule: "police-certificate" });
  if (!provider.bankAccount) problems.push({ rule: "bank-account" });
  return problems;
}

/** What stops an activity from being approved: its club's state, and the activity's own sessions and category. */
export function activityProblems(activity: ActivityFacts, provider: ProviderFacts, scheme: SchemeFacts): ApprovalProblem[] {
  const problems: ApprovalProblem[] = [];
  if (provider.approvalState !== "APPROVED") problems.push({ rule: "provider-not-approved", providerState: provider.approvalState });
  if (!provider.policeCertificates) problems.push({ rule: "police-certificate" });
  if (activity.sessionsPerPeriod < scheme.minSessionsPerPeriod) problems.push({ rule: "too-few-sessions", sessions: activity.sessionsPerPeriod, minimum: scheme.minSessionsPerPeriod });
  if (scheme.excludedCategories.includes(activity.category)) problems.push({ rule: "category-excluded", category: activity.category });
  return problems;
}

/** One line for an operator (English, as the admin tools speak; families and clubs get locales/). */
export function describeProblem(problem: ApprovalProblem): string {
  switch (problem.rule) {
    case "police-certificate":
      return "no police certificate (politiattest) on file for the club's leaders";
    case "bank-account":
      return "no bank account on file to settle to";
    case "provider-not-approved":
      return `the club is not approved (${problem.providerState})`;
    case "too-few-sessions":
      return `${problem.sessions} sessions per half-year, the scheme needs at least ${problem.minimum}`;
    case "category-excluded":
      return `the category ${problem.category} is excluded by the scheme`;
  }
}
