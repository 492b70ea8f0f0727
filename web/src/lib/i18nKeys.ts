import type { ParseKeys, TFunction } from "i18next";
import i18n from "../i18n";

export type MessageKey = ParseKeys;

/** Translates a key built at run time, or returns the fallback when it is not defined. */
export function tDynamic(t: TFunction, key: string, fallback: string): string {
  return i18n.exists(key) ? String(t(key as MessageKey)) : fallback;
}
