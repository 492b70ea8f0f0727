import { checkPassword, PASSWORD_MESSAGES } from "@anguan/domain";
import type { FormRule } from "antd";

/** Mirrors the server's password policy (domain checkPassword). */
export const passwordRule: FormRule = {
  validator: async (_r, v: string | undefined) => {
    const problem = checkPassword(v ?? "");
    if (problem) throw new Error(PASSWORD_MESSAGES[problem]);
  },
};
