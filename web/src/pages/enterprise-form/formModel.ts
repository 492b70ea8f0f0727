/** Enterprise form values ↔ API bodies. */
import { enterpriseInputDefaults, enterpriseInputSchema, type EnterpriseInput } from "@anguan/domain";
import type { Enterprise } from "../../api/types";

export const FIELD_NAMES = Object.keys(enterpriseInputSchema.shape) as (keyof EnterpriseInput)[];
export const shape = enterpriseInputSchema.shape;

export type FormValues = Partial<EnterpriseInput>;

export const EMPTY: FormValues = enterpriseInputDefaults();

export function fromEnterprise(e: Enterprise): FormValues {
  const v: Record<string, unknown> = {};
  for (const k of FIELD_NAMES) v[k] = e[k];
  return v as FormValues;
}

/** Fills the gaps the inputs leave (undefined text → "", empty number → null) so the schema sees what the server would. */
export function normalise(values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_NAMES) {
    const v = values[k];
    if (k === "lat" || k === "lng" || k === "employeeCount") out[k] = v === undefined || v === "" ? null : v;
    else if (k === "isAboveScale" || k === "hasMajorHazard") out[k] = !!v;
    else if (k === "hazardousProcesses") out[k] = v ?? [];
    else out[k] = v ?? "";
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose (normalised) value differs from the stored record, minus the locked ones. */
export function changedFields(parsed: EnterpriseInput, original: Enterprise): Partial<EnterpriseInput> {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_NAMES) {
    if (original.lockedFields.includes(k)) continue;
    if (!same(parsed[k], original[k])) out[k] = parsed[k];
  }
  return out as Partial<EnterpriseInput>;
}
