import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './health/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { regionRoutes } from './regions/routes.ts';
import { userRoutes } from './users/routes.ts';
import { settingsRoutes } from './settings/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { evaluationRoutes } from './evaluation/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { programmeRoutes } from './programme/routes.ts';
import { workbenchRoutes } from './workbench/routes.ts';
import { screeningRoutes } from './screening/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { keyPersonRoutes } from './key-persons/routes.ts';
import { visitRoutes } from './visits/routes.ts';
import { personnelRoutes } from './personnel/routes.ts';
import { educationRoutes } from './education/routes.ts';
import { checklistRoutes } from './checklist/routes.ts';
import { disputeRoutes } from './disputes/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { courtDataRoutes } from './court-data/routes.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { exchangeRoutes } from './exchange/routes.ts';

/** Every feature registers its routes here (under /api). */
export async function registerModules(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(regionRoutes);
  await app.register(userRoutes);
  await app.register(settingsRoutes);
  await app.register(auditRoutes);
  await app.register(evaluationRoutes);
  await app.register(reportRoutes);
  await app.register(programmeRoutes);
  await app.register(workbenchRoutes);
  await app.register(screeningRoutes);
  await app.register(fileRoutes);
  await app.register(keyPersonRoutes);
  await app.register(visitRoutes);
  await app.register(personnelRoutes);
  await app.register(educationRoutes);
  await app.register(checklistRoutes);
  await app.register(disputeRoutes);
  await app.register(notificationRoutes);
  await app.register(courtDataRoutes);
  await app.register(incidentRoutes);
  await app.register(exchangeRoutes);
}
