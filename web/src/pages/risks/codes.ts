/** Codes of the risk register shown in pickers (domain-reference §1.4), from the domain, typed for label lookups. */
import { CONTROL_LEVELS as LEVELS, MEASURE_CLASSIFY1, MEASURE_CLASSIFY2, MEASURE_DATA_SOURCES, RISK_OBJECT_KINDS as KINDS } from "@anguan/domain";
import type { Labelled } from "../../i18n/labels";

export const RISK_OBJECT_KINDS: Record<string, Labelled> = KINDS;
export const CLASSIFY1: Record<string, Labelled> = MEASURE_CLASSIFY1;
export const CLASSIFY2: Record<string, Labelled> = MEASURE_CLASSIFY2;
export const CONTROL_LEVELS: Record<string, Labelled> = LEVELS;
export const DATA_SOURCES: Record<string, Labelled> = MEASURE_DATA_SOURCES;

/** The classify2 codes under a classify1 ("1" → 1-1 … 1-5). */
export const classify2Under = (classify1: string | undefined) => Object.keys(CLASSIFY2).filter((k) => classify1 && k.startsWith(`${classify1}-`));
