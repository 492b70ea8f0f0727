/** antd Form rules that run the domain's zod schemas, so the client validates exactly like the server. */
import type { FormRule } from "antd";

interface SafeParser {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly { message: string }[] } };
}

export function zodRule(schema: SafeParser, prepare: (v: unknown) => unknown = (v) => v): FormRule {
  return {
    validator: async (_rule, value) => {
      const r = schema.safeParse(prepare(value));
      if (!r.success) throw new Error(r.error?.issues[0]?.message ?? "invalid");
    },
  };
}

/** Text inputs hold undefined until touched; the server sees "". */
export const asText = (v: unknown) => (v === undefined || v === null ? "" : v);
/** Number inputs hold null when empty. */
export const asNullable = (v: unknown) => (v === undefined || v === "" ? null : v);
