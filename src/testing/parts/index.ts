// Where the fake portal's parts are listed: each file here serves one part of the portal's routes
// (as src/parts/ holds the client's). Adding a part is one import and one entry.
import type { Route } from "../core/routes";
import { caseRoutes } from "./cases";
import { contactRoutes } from "./contacts";
import { contactInfoRoutes } from "./contact-info";
import { customFieldRoutes } from "./customfields";
import { dealRoutes } from "./deals";
import { historyRoutes } from "./history";
import { invoiceRoutes } from "./invoices";
import { documentsRoutes, fileRoutes } from "./files";
import { taskTemplateRoutes } from "./task-templates";
import { tagRoutes } from "./tags";
import { taskRoutes } from "./tasks";

/** Every route the fake portal serves, tried in this order (as the portal's route table). */
export const ROUTES: readonly Route[] = [
  ...caseRoutes,
  ...contactRoutes,
  ...contactInfoRoutes,
  ...dealRoutes,
  ...tagRoutes,
  ...customFieldRoutes,
  ...historyRoutes,
  ...taskRoutes,
  ...invoiceRoutes,
  ...fileRoutes,
  ...taskTemplateRoutes,
];

/** The routes below `/api/2.0/files/` (the Documents module) that the fake portal serves. */
export const DOCUMENTS_ROUTES: readonly Route[] = [...documentsRoutes];
