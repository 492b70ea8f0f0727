/** Turning API errors into messages and form-field errors. */
import type { FormInstance } from "antd";
import type { TFunction } from "i18next";
import { ApiError } from "../api/client";

export function errorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === "NETWORK_ERROR") return t("common.networkError");
    return err.message || t("common.requestFailed");
  }
  if (err instanceof Error && err.message) return err.message;
  return t("common.requestFailed");
}

/** "body/creditCode", "body.creditCode", "creditCode.0" → "creditCode". */
export function fieldName(raw: string): string {
  const cleaned = raw.replace(/^(body|query|params)[./]/, "");
  return cleaned.split(/[./[\]]/).filter(Boolean)[0] ?? cleaned;
}

/**
 * Shows the server's field errors on the matching form fields.
 * Returns the messages of fields that are not on the form (to be shown elsewhere).
 */
export function applyFieldErrors(form: FormInstance, err: unknown, known?: readonly string[]): string[] {
  if (!(err instanceof ApiError) || err.fields.length === 0) return [];
  const byField = new Map<string, string[]>();
  const leftover: string[] = [];
  for (const f of err.fields) {
    const name = fieldName(f.field);
    if (known && !known.includes(name)) {
      leftover.push(f.message);
      continue;
    }
    byField.set(name, [...(byField.get(name) ?? []), f.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  const first = byField.keys().next();
  if (!first.done) form.scrollToField(first.value, { block: "center" });
  return leftover;
}

/** Field errors go onto the form; anything else becomes a toast. */
export function reportFormError(form: FormInstance, err: unknown, known: readonly string[], toast: (msg: string) => void, t: TFunction) {
  const leftover = applyFieldErrors(form, err, known);
  const hadFields = err instanceof ApiError && err.fields.length > 0;
  if (!hadFields) toast(errorMessage(err, t));
  else if (leftover.length) toast(leftover.join("；"));
}
