/**
 * The one error type services throw for a request that cannot be carried out. `code` is stable and
 * mapped once at each edge: to an HTTP status in bot/, to a sentence from locales/ in dialogs/.
 */
export const ERROR_CODES = {
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INVALID_REQUEST: 400,
  CONFLICT: 409,
  // Enrollment rules (domain.md): each is a reason a sign-up is refused.
  CHILD_NOT_ELIGIBLE: 422,
  ACTIVITY_NOT_APPROVED: 422,
  PROVIDER_NOT_APPROVED: 422,
  CATEGORY_EXCLUDED: 422,
  TOO_FEW_SESSIONS: 422,
  AGE_OUTSIDE_ACTIVITY: 422,
  ACTIVITY_FULL: 409,
  ALREADY_ENROLLED: 409,
  PERIOD_CLOSED: 422,
  // Approvals: the scheme's rules for a club or an activity are not met (services/catalog/approval-rules.ts).
  APPROVAL_REFUSED: 422,
  // Ledger
  INSUFFICIENT_FUNDS: 422,
  HOLD_ALREADY_RESOLVED: 409,
  HOLD_EXPIRED: 409,
  PAYMENT_FAILED: 502,
  OVER_TOP_UP_LIMIT: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What a caller needs to explain the refusal (never personal data beyond ids). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
