import { checkPassword, PASSWORD_MIN_LENGTH, type PasswordProblem } from "@anguan/domain";
import type { FormRule } from "antd";
import type { TFunction } from "i18next";

const KEYS = {
  PASSWORD_TOO_SHORT: "password.tooShort",
  PASSWORD_TOO_SIMPLE: "password.tooSimple",
  PASSWORD_TOO_LONG: "password.tooLong",
} as const satisfies Record<PasswordProblem, string>;

/** Mirrors the server's password policy (domain checkPassword), in the UI's language. An empty value is left to `required`. */
export function passwordRule(t: TFunction): FormRule {
  return {
    validator: async (_r, v: string | undefined) => {
      if (!v) return;
      const problem = checkPassword(v);
      if (problem) throw new Error(t(KEYS[problem], { min: PASSWORD_MIN_LENGTH }));
    },
  };
}
