// The public entry. Imports nothing from `node:`: it runs wherever `fetch` does.
export { createCrmClient, createCrmClientFor, type CrmClient, type MethodsOf } from "./client";
export type { Area } from "./shapes";
export { cases } from "./cases";
export { contacts } from "./contacts";
export { caseTags } from "./tags";
export { caseFields } from "./fields";
export { history } from "./history";
export { tasks } from "./tasks";
export { createRawClient } from "./raw";
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
} from "./cases";
export type {
  ContactWithPhone,
  ContactListFilter,
  ContactSearch,
  ContactMethods,
} from "./contacts";
export type { TagCount, TagMethods } from "./tags";
export type { CustomFieldDefinition, FieldMethods } from "./fields";
export type {
  RelationshipEvent,
  HistoryCategory,
  ListItem,
  Entity,
  HistoryFile,
  DateInput,
  HistoryFilter,
  NewNote,
  HistoryMethods,
} from "./history";
export type {
  Task,
  TaskCategory,
  TaskContact,
  TaskFilter,
  NewTask,
  TaskChanges,
  TaskMethods,
} from "./tasks";
export type { Page, PageOptions, PagedList } from "./paging";
export {
  signIn,
  sendSignInCode,
  type SignInOptions,
  type SignInResult,
  type SendSignInCodeOptions,
  type SignInCodeSent,
} from "./auth";
export type { CrmClientOptions, FetchFunction, RequestOptions, TokenSource } from "./options";
export type { RateLimit } from "./limiter";
export type { RetryDelay } from "./backoff";
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
} from "./errors";
export { parseApiDateTime, NO_DATE, type ApiDateTime, type ParsedApiDateTime } from "./dates";
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
