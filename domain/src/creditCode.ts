/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 * 18 characters: registration authority (1), entity category (1), division code (6),
 * organisation code (9, GB 11714, its own check char at position 17), check char (1).
 */

export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Registration authority codes accepted at position 1 (configurable: extended codes are only partly confirmed). */
export const DEFAULT_AUTHORITY_CODES = ["1", "5", "9", "Y"] as const;

export type CreditCodeError =
  | "CREDIT_CODE_EMPTY"
  | "CREDIT_CODE_LENGTH"
  | "CREDIT_CODE_CHARSET"
  | "CREDIT_CODE_AUTHORITY"
  | "CREDIT_CODE_CHECK_DIGIT"
  | "CREDIT_CODE_ORG_CHECK";

export const CREDIT_CODE_MESSAGES: Record<CreditCodeError, string> = {
  CREDIT_CODE_EMPTY: "统一社会信用代码不能为空",
  CREDIT_CODE_LENGTH: "统一社会信用代码应为18位",
  CREDIT_CODE_CHARSET: "统一社会信用代码含有非法字符（不使用 I、O、S、V、Z）",
  CREDIT_CODE_AUTHORITY: "统一社会信用代码第1位登记管理部门代码无效",
  CREDIT_CODE_CHECK_DIGIT: "统一社会信用代码校验位错误",
  CREDIT_CODE_ORG_CHECK: "统一社会信用代码中组织机构代码校验位错误",
};

/** Computes the 18th (check) character over the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error("creditCodeCheckChar needs 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17.charAt(i));
    if (v < 0) throw new Error(`invalid character ${first17.charAt(i)}`);
    sum += v * (WEIGHTS[i] as number);
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET.charAt(c === 31 ? 0 : c);
}

/** GB 11714 organisation-code check character over 8 body characters. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8.charAt(i);
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A=10 … Z=35
    sum += v * (ORG_WEIGHTS[i] as number);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

export interface CreditCodeOptions {
  authorityCodes?: readonly string[];
  /** Also check position 17 (GB 11714). Off by default: many valid codes in circulation are checked only at 18. */
  strictOrgCode?: boolean;
}

/** Normalises user input: trims, upper-cases, removes inner spaces. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/g, "").toUpperCase();
}

export function validateCreditCode(
  input: string,
  opts: CreditCodeOptions = {},
): { ok: true; code: string } | { ok: false; error: CreditCodeError; message: string } {
  const fail = (error: CreditCodeError) => ({ ok: false as const, error, message: CREDIT_CODE_MESSAGES[error] });
  const code = normalizeCreditCode(input ?? "");
  if (!code) return fail("CREDIT_CODE_EMPTY");
  if (code.length !== 18) return fail("CREDIT_CODE_LENGTH");
  if (!PATTERN.test(code)) return fail("CREDIT_CODE_CHARSET");
  const authorities = opts.authorityCodes ?? DEFAULT_AUTHORITY_CODES;
  if (!authorities.includes(code.charAt(0))) return fail("CREDIT_CODE_AUTHORITY");
  if (creditCodeCheckChar(code.slice(0, 17)) !== code.charAt(17)) return fail("CREDIT_CODE_CHECK_DIGIT");
  if (opts.strictOrgCode && orgCodeCheckChar(code.slice(8, 16)) !== code.charAt(16)) return fail("CREDIT_CODE_ORG_CHECK");
  return { ok: true, code };
}

/** Builds a valid credit code from authority+category, a 6-digit division code and an 8-char organisation body. */
export function makeCreditCode(prefix2: string, divisionCode6: string, orgBody8: string): string {
  const first16 = `${prefix2}${divisionCode6}${orgBody8}`;
  const first17 = first16 + orgCodeCheckChar(orgBody8);
  return first17 + creditCodeCheckChar(first17);
}
