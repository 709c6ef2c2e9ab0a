// `onlyoffice-crm-client/testing`: a local fake portal for your own tests. Node only.
export {
  startFakePortal,
  portalJson,
  type FakePortal,
  type FakePortalOptions,
  type RecordedRequest,
  type Responder,
} from "./portal";
export { seedCases, CURRENT_USER, USER_WITHOUT_TITLE } from "./fixtures";
