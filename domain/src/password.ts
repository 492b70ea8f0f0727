/** Password rules: length ≥ 8 and at least 3 of 4 character classes (upper, lower, digit, symbol). */
export const PASSWORD_MIN_LENGTH = 8;

export type PasswordProblem = "PASSWORD_TOO_SHORT" | "PASSWORD_TOO_SIMPLE" | "PASSWORD_TOO_LONG";

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  PASSWORD_TOO_SHORT: `密码长度至少 ${PASSWORD_MIN_LENGTH} 位`,
  PASSWORD_TOO_SIMPLE: "密码须包含大写字母、小写字母、数字、符号中的至少三类",
  PASSWORD_TOO_LONG: "密码长度不能超过 128 位",
};

export function passwordClasses(pw: string): number {
  let n = 0;
  if (/[A-Z]/.test(pw)) n++;
  if (/[a-z]/.test(pw)) n++;
  if (/\d/.test(pw)) n++;
  if (/[^A-Za-z0-9]/.test(pw)) n++;
  return n;
}

export function checkPassword(pw: string): PasswordProblem | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return "PASSWORD_TOO_SHORT";
  if (pw.length > 128) return "PASSWORD_TOO_LONG";
  if (passwordClasses(pw) < 3) return "PASSWORD_TOO_SIMPLE";
  return null;
}

/** Lock-out policy: after this many consecutive failures the account is locked for LOCKOUT_MINUTES. */
export const MAX_LOGIN_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

export function lockoutAfterFailure(failures: number, now: Date): Date | null {
  return failures >= MAX_LOGIN_FAILURES ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
}
