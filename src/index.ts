// The public entry. Imports nothing from `node:`: it runs wherever `fetch` does.
export { createCrmClient, type CrmClient } from "./client";
export {
  createCrmClientFor,
  type MethodsOf,
  type ApiPromise,
  type WithResponse,
  type WithResponses,
} from "./core/facade";
export type { Area } from "./core/shapes";
export { cases } from "./parts/cases";
export { contacts } from "./parts/contacts";
export type {
  ContactInfoEcho,
  ContactInfoEntry,
  ContactInfoMethods,
  ContactInfoInput,
  ContactInfoChanges,
  NewContactInfo,
  NewAddress,
  AddressParts,
  InfoType,
  InfoCategory,
  PhoneCategory,
  AddressCategory,
  BaseCategory,
} from "./parts/contact-info";
export { contactInfo, INFO_TYPES, INFO_CATEGORIES } from "./parts/contact-info";
export { deals } from "./parts/deals";
export { tags, caseTags } from "./parts/tags";
export { customFields, caseFields } from "./parts/fields";
export { history } from "./parts/history";
export { setup, NotInListError } from "./parts/setup";
export { tasks } from "./parts/tasks";
export { people, type CurrentUser, type PeopleMethods } from "./parts/people";
export { decodeHtml } from "./core/html";
export {
  withBatch,
  type BatchMethods,
  type BatchBuilder,
  type BatchOptions,
  type BatchResults,
  type Planned,
} from "./core/batch";
export {
  invoices,
  INVOICE_TRANSITIONS,
  InvoiceStatus,
  InvoiceTemplateType,
  InvoiceStatusPartlyAppliedError,
  InvoiceNumberTakenError,
  InvoiceCreateAnswerLostError,
  InUseError,
} from "./parts/invoices";
export { files } from "./parts/files";
export { taskTemplates, offsetOf } from "./parts/task-templates";
export { reports, ReportsUnavailableError, ReportFailedError } from "./parts/reports";
export { voip, VoipNotConfiguredError } from "./parts/voip";
export type {
  VoipQueueSettings,
  VoipQueue,
  QueueSettingsChanges,
  VoipMethods,
  VoipPhone,
  VoipSettings,
  VoipAgent,
  VoipWorkingHours,
  VoipUpload,
  VoipCall,
  VoipCallLeg,
  VoipCallContact,
  VoipNumberType,
  VoipAudioType,
  VoipAgentStatus,
  VoipAnswerType,
  VoipCallStatus,
  VoipNumberSettingsChanges,
  VoipOperatorChanges,
  CallFilter,
  CallRecord,
} from "./parts/voip";
export type {
  ReportState,
  ReportStatusAnswer,
  ReportCheck,
  ReportType,
  ReportPeriod,
  WaitOptions as ReportWaitOptions,
  ReportMethods,
} from "./parts/reports";
export { createRawClient } from "./core/raw";
export type {
  Case,
  Person,
  Company,
  CaseFilter,
  CaseListFilter,
  CaseAccess,
  NewCase,
  CaseChanges,
  CaseMethods,
} from "./parts/cases";
export type {
  ContactWithPhone,
  ContactListFilter,
  ContactSearch,
  ContactMethods,
  ContactBase,
  ShareTypeName,
  ContactSharing,
  NewPerson,
  NewCompany,
  UpdateOptions,
  PersonChanges,
  CompanyChanges,
  ContactWhere,
  ContactAccess,
  ContactWithEmail,
  ContactInfoQuery,
  ContactWithTask,
  QuickPerson,
  QuickCompany,
  TaskBase,
  MailProgress,
  ContactsMail,
  EmailSearch,
} from "./parts/contacts";
export type {
  Deal,
  DealStageBase,
  DealStageType,
  BidType,
  DealFilter,
  DealListFilter,
  DealAccess,
  NewDeal,
  DealChanges,
  DealMethods,
} from "./parts/deals";
export type { TagCount, TagEntity, ContactTagFilter, TagMethods } from "./parts/tags";
export type {
  CustomFieldDefinition,
  FieldEntity,
  FieldKind,
  NewFieldDefinition,
  FieldDefinitionChanges,
  FieldMethods,
} from "./parts/fields";
export type {
  RelationshipEvent,
  HistoryCategory,
  ListItem,
  Entity,
  HistoryFile,
  DateInput,
  HistoryFilter,
  NewNote,
  NewContactNote,
  HistoryMethods,
} from "./parts/history";
export type {
  DocumentFile,
  FileEntity,
  NewTextFile,
  UploadOptions,
  DeleteFileConsent,
  FileMethods,
} from "./parts/files";
export type {
  TaskTemplateContainer,
  TaskTemplate,
  TemplateEntity,
  TemplateOffset,
  NewTaskTemplate,
  TaskTemplateChanges,
  TemplateTarget,
  AppliedTemplate,
  TaskTemplateMethods,
} from "./parts/task-templates";
export type {
  Task,
  TaskCategory,
  TaskContact,
  TaskFilter,
  NewTask,
  TaskChanges,
  NewContactTask,
  TaskMethods,
} from "./parts/tasks";
export type {
  DealStage,
  ContactStatusItem,
  ContactType,
  NewDealStage,
  NewContactStatus,
  NewContactType,
  NewCategory,
  SetupMethods,
} from "./parts/setup";
export type {
  Invoice,
  InvoiceBase,
  InvoiceLine,
  InvoiceStatusInfo,
  InvoiceStatusResult,
  InvoiceData,
  InvoiceFilter,
  NewInvoice,
  InvoiceSubmission,
  NewInvoiceLine,
  InvoiceChanges,
  InvoiceLineChanges,
  InvoiceItem,
  InvoiceSettings,
  InvoiceFile,
  InvoiceConverterData,
  InvoiceNumbering,
  InvoiceItemFilter,
  NewInvoiceItem,
  InvoiceItemChanges,
  InvoiceTax,
  NewInvoiceTax,
  InvoiceTaxChanges,
  InvoiceMethods,
} from "./parts/invoices";
export type { Amount } from "./parts/money";
export { currency } from "./parts/currency";
export { settings } from "./parts/settings";
export { ProgressStatus } from "./parts/settings";
export type {
  OrganisationAddress,
  SettingsMethods,
  ExportProgress,
  ImportProgress,
  FileUploadResult,
  ImportEntity,
  ExportEntity,
  WaitOptions,
} from "./parts/settings";
export type {
  CurrencyRate,
  CurrencyInfo,
  CurrencyRateInfo,
  NewCurrencyRate,
  CurrencyRateChanges,
  CurrencyMethods,
} from "./parts/currency";
export type { Page, PageOptions, PagedList } from "./core/paging";
export {
  signIn,
  sendSignInCode,
  signInSession,
  type SignInSessionOptions,
  type SignInOptions,
  type SignInResult,
  type SendSignInCodeOptions,
  type SignInCodeSent,
} from "./core/auth";
export type {
  CrmClientOptions,
  Credentials,
  FetchFunction,
  RequestOptions,
  TokenSource,
} from "./core/options";
export type { RateLimit } from "./core/limiter";
export { logging } from "./core/log";
export type {
  Feature,
  LogLevel,
  Logger,
  Hooks,
  RequestFacts,
  ResponseFacts,
  RetryFacts,
} from "./core/log";
export type { RetryDelay } from "./core/backoff";
export {
  OnlyofficeError,
  ApiError,
  BadRequestError,
  AuthenticationError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  InternalServerError,
  ConnectionError,
  TimeoutError,
  InvalidResponseError,
  TwoFactorRequiredError,
  SignInError,
  type SignInFailure,
  type TwoFactorChallenge,
  type ApiErrorDetails,
} from "./core/errors";
export { parseApiDateTime, NO_DATE, type ApiDateTime, type ParsedApiDateTime } from "./core/dates";
export { ShareType, CustomFieldType, ContactInfoType } from "../generated/schema";
export type { paths, components, operations } from "../generated/schema";

import type { components } from "../generated/schema";
export type Contact = components["schemas"]["Contact"];
export type Employee = components["schemas"]["Employee"];
export type Currency = components["schemas"]["Currency"];
export type CustomField = components["schemas"]["CustomField"];
export type ContactInfo = components["schemas"]["ContactInfo"];
export type Address = components["schemas"]["Address"];
export type ContactStatus = components["schemas"]["ContactStatus"];
