import type { App } from "./app";
import { alarmRoutes } from "./features/alarms/routes";
import { auditRoutes } from "./features/audit/routes";
import { authRoutes } from "./features/auth/routes";
import { dashboardRoutes } from "./features/dashboard/routes";
import { enterpriseRoutes } from "./features/enterprises/routes";
import { enterpriseFileRoutes } from "./features/enterprises/fileRoutes";
import { importRoutes } from "./features/enterprises/importRoutes";
import { exchangeRoutes } from "./features/exchange/routes";
import { fileRoutes } from "./features/files/routes";
import { evidenceRoutes } from "./features/evidence/routes";
import { hazardRoutes } from "./features/hazards/routes";
import { standardRoutes } from "./features/hazards/standards";
import { todoRoutes } from "./features/todos/routes";
import { hazardStatsRoutes } from "./features/hazardStats/routes";
import { inspectionRoutes } from "./features/inspections/routes";
import { majorHazardRoutes } from "./features/majorHazards/routes";
import { checklistRoutes } from "./features/checklists/routes";
import { monitoringReportRoutes } from "./features/monitoringReports/routes";
import { organizationRoutes } from "./features/organizations/routes";
import { regionRoutes } from "./features/regions/routes";
import { riskRoutes } from "./features/risks/routes";
import { monitoringRoutes } from "./features/sensors/routes";
import { testControlRoutes } from "./features/testControls/routes";
import { telemetryRoutes } from "./features/telemetry/routes";
import { userRoutes } from "./features/users/routes";
import { permitRoutes } from "./features/permits/routes";
import { personnelRoutes } from "./features/personnel/routes";
import { trainingRoutes } from "./features/training/routes";
import { briefingRoutes } from "./features/briefings/routes";
import { dutyRoutes } from "./features/duties/routes";

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
    hazardRoutes,
    standardRoutes,
    evidenceRoutes,
    todoRoutes,
    hazardStatsRoutes,
    exchangeRoutes,
    inspectionRoutes,
    checklistRoutes,
    testControlRoutes,
    telemetryRoutes,
    riskRoutes,
    monitoringReportRoutes,
    majorHazardRoutes,
    monitoringRoutes,
    alarmRoutes,
    personnelRoutes,
    permitRoutes,
    briefingRoutes,
    dutyRoutes,
    trainingRoutes,
  ]) {
    await r(app);
  }
}
