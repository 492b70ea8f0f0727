/** 风险分级管控: calculators and bands, the register, shutdowns, four-colour maps and PDFs (docs/dual-prevention.md). */
import type { App } from "../../app";
import { calculatorRoutes } from "./calculatorRoutes";
import { mapRoutes } from "./maps";
import { pdfRoutes } from "./pdfRoutes";
import { riskRegisterRoutes } from "./registerRoutes";
import { shutdownRoutes } from "./shutdowns";

export async function riskRoutes(app: App) {
  await calculatorRoutes(app);
  await riskRegisterRoutes(app);
  await shutdownRoutes(app);
  await mapRoutes(app);
  await pdfRoutes(app);
}
