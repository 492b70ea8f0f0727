/** Placeholder: filled in by the issue-5 work (docs/steward.md). */
import type { App } from "../../app";

export async function dutyRoutes(_app: App): Promise<void> {}
