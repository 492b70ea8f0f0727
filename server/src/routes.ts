import type { App } from "./app";
import { auditRoutes } from "./features/audit/routes";
import { authRoutes } from "./features/auth/routes";
import { dashboardRoutes } from "./features/dashboard/routes";
import { enterpriseRoutes } from "./features/enterprises/routes";
import { enterpriseFileRoutes } from "./features/enterprises/fileRoutes";
import { importRoutes } from "./features/enterprises/importRoutes";
import { fileRoutes } from "./features/files/routes";
import { organizationRoutes } from "./features/organizations/routes";
import { regionRoutes } from "./features/regions/routes";
import { testControlRoutes } from "./features/testControls/routes";
import { userRoutes } from "./features/users/routes";

export async function registerRoutes(app: App): Promise<void> {
  app.get("/healthz", { config: { public: true }, schema: { hide: true } }, async () => {
    await app.ctx.db.execute("select 1" as never);
    return { status: "ok", db: app.ctx.database.kind };
  });
  for (const r of [
    authRoutes,
    regionRoutes,
    dashboardRoutes,
    enterpriseRoutes,
    importRoutes,
    enterpriseFileRoutes,
    fileRoutes,
    userRoutes,
    organizationRoutes,
    auditRoutes,
    testControlRoutes,
  ]) {
    await r(app);
  }
}
