/** Server field errors onto nested form fields ("body/inherent/l" → ["inherent", "l"]); the rest become a toast. */
import type { FormInstance } from "antd";
import type { TFunction } from "i18next";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../lib/errors";

type NamePath = (string | number)[];

/** `known` lists the form's field paths with dots ("name", "inherent.l"); the longest known prefix of an error's path wins. */
export function reportFieldErrors(form: FormInstance, err: unknown, known: readonly string[], toast: (msg: string) => void, t: TFunction): void {
  if (!(err instanceof ApiError) || err.fields.length === 0) {
    toast(errorMessage(err, t));
    return;
  }
  const byPath = new Map<string, { name: NamePath; errors: string[] }>();
  const leftover: string[] = [];
  for (const f of err.fields) {
    const segs = f.field
      .replace(/^(body|query|params)[./]/, "")
      .split(/[./[\]]/)
      .filter(Boolean);
    let hit: string[] | null = null;
    for (let n = segs.length; n > 0 && !hit; n--) if (known.includes(segs.slice(0, n).join("."))) hit = segs.slice(0, n);
    if (!hit) {
      leftover.push(f.message);
      continue;
    }
    const key = hit.join(".");
    const entry = byPath.get(key) ?? { name: hit.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), errors: [] };
    entry.errors.push(f.message);
    byPath.set(key, entry);
  }
  const fields = [...byPath.values()];
  form.setFields(fields);
  if (fields[0]) form.scrollToField(fields[0].name, { block: "center" });
  if (leftover.length) toast(leftover.join("；"));
}
