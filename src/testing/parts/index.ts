// Where the fake portal's parts are listed: each file here serves one part of the portal's routes
// (as src/parts/ holds the client's). Adding a part is one import and one entry.
import type { Route } from "../core/routes";
import { caseRoutes } from "./cases";
import { contactRoutes } from "./contacts";
import { contactExtraRoutes } from "./contact-extras";
import { contactInfoRoutes } from "./contact-info";
import { customFieldRoutes } from "./customfields";
import { dealRoutes } from "./deals";
import { historyRoutes } from "./history";
import { setupRoutes } from "./setup";
import { invoiceRoutes } from "./invoices";
import { currencyRoutes } from "./currency";
import { settingsRoutes } from "./settings";
import { documentsRoutes, fileRoutes } from "./files";
import { reportRoutes } from "./reports";
import { voipRoutes } from "./voip";
import { taskTemplateRoutes } from "./task-templates";
import { tagRoutes } from "./tags";
import { taskRoutes } from "./tasks";
import { peopleRoutes } from "./people";

/** The routes outside the CRM module, below `/api/2.0/` (the People module's `@self`). */
export const API_ROUTES: readonly Route[] = [...peopleRoutes];

/** Every route the fake portal serves, tried in this order (as the portal's route table). */
export const ROUTES: readonly Route[] = [
  ...caseRoutes,
  ...contactRoutes,
  ...contactExtraRoutes,
  ...contactInfoRoutes,
  ...dealRoutes,
  ...tagRoutes,
  ...customFieldRoutes,
  ...historyRoutes,
  ...taskRoutes,
  ...setupRoutes,
  ...invoiceRoutes,
  ...currencyRoutes,
  ...settingsRoutes,
  ...fileRoutes,
  ...taskTemplateRoutes,
  ...reportRoutes,
  ...voipRoutes,
];

/** The routes below `/api/2.0/files/` (the Documents module) that the fake portal serves. */
export const DOCUMENTS_ROUTES: readonly Route[] = [...documentsRoutes];
