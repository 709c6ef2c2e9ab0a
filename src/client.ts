// Where the parts of the portal are listed: each part (src/parts/) is one `Area`, and the client
// with every method is built from all of them. Adding a part is one import, one entry in
// `ALL_AREAS` and one `extends` here.
import { withCredentials } from "./core/auth";
import { withBatch, type BatchMethods } from "./core/batch";
import { createCrmClientFor, type WithResponses } from "./core/facade";
import { logging } from "./core/log";
import type { CrmClientOptions } from "./core/options";
import { cases, type CaseMethods } from "./parts/cases";
import { contacts, type ContactMethods } from "./parts/contacts";
import { contactInfo, type ContactInfoMethods } from "./parts/contact-info";
import { deals, type DealMethods } from "./parts/deals";
import { customFields, type FieldMethods } from "./parts/fields";
import { files, type FileMethods } from "./parts/files";
import { taskTemplates, type TaskTemplateMethods } from "./parts/task-templates";
import { reports, type ReportMethods } from "./parts/reports";
import { voip, type VoipMethods } from "./parts/voip";
import { history, type HistoryMethods } from "./parts/history";
import { setup, type SetupMethods } from "./parts/setup";
import { tags, type TagMethods } from "./parts/tags";
import { tasks, type TaskMethods } from "./parts/tasks";
import { invoices, type InvoiceMethods } from "./parts/invoices";
import { currency, type CurrencyMethods } from "./parts/currency";
import { settings, type SettingsMethods } from "./parts/settings";
import { people, type PeopleMethods } from "./parts/people";

/** A client for one portal: one method per CRM operation of the spec. */
export interface CrmClient
  extends
    CaseMethods,
    ContactMethods,
    ContactInfoMethods,
    DealMethods,
    TagMethods,
    FieldMethods,
    HistoryMethods,
    SetupMethods,
    TaskMethods,
    InvoiceMethods,
    CurrencyMethods,
    SettingsMethods,
    FileMethods,
    TaskTemplateMethods,
    ReportMethods,
    VoipMethods,
    PeopleMethods {}

/** Every part of the portal; the type test checks that together they hold every operation. */
export const ALL_AREAS = [
  cases,
  contacts,
  contactInfo,
  deals,
  tags,
  customFields,
  history,
  tasks,
  invoices,
  currency,
  settings,
  files,
  taskTemplates,
  reports,
  voip,
  setup,
  people,
] as const;

/**
 * A client with every method, for the portal in `options` (or ONLYOFFICE_URL and
 * ONLYOFFICE_TOKEN). An app that uses only some parts of the portal can take `createCrmClientFor`
 * instead, and bundle only those.
 */
export function createCrmClient(
  options: CrmClientOptions = {},
): WithResponses<CrmClient> & BatchMethods<CrmClient> {
  // credentials: sign-in that renews itself; logging: log lines and hooks; batch: many calls
  // per request.
  return withBatch(createCrmClientFor([...ALL_AREAS, logging] as const, withCredentials(options)));
}
