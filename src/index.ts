// The public entry. Imports nothing from `node:`: it runs wherever `fetch` does.
export { createCrmClient, type Case, type CrmClient, type RequestOptions } from "./client";
export { signIn, type SignInOptions, type SignInResult } from "./auth";
export type { CrmClientOptions, FetchFunction, TokenSource } from "./options";
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
  type ApiErrorDetails,
} from "./errors";
export { parseApiDateTime, NO_DATE, type ApiDateTime, type ParsedApiDateTime } from "./dates";
export { ShareType, CustomFieldType } from "../generated/schema";
export type { paths, components, operations } from "../generated/schema";

import type { components } from "../generated/schema";
export type Contact = components["schemas"]["Contact"];
export type Employee = components["schemas"]["Employee"];
export type Currency = components["schemas"]["Currency"];
export type CustomField = components["schemas"]["CustomField"];
