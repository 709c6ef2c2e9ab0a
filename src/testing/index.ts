// `onlyoffice-crm-client/testing`: a local fake portal for your own tests. Node only.
export {
  startFakePortal,
  type FakePortal,
  type FakePortalOptions,
  type RecordedRequest,
  type Responder,
} from "./core/portal";
export { portalJson } from "./core/wire";
export {
  seedCases,
  seedContacts,
  seedUsers,
  seedCaseFields,
  photoUrl,
  CURRENT_USER,
  USER_WITHOUT_TITLE,
  THIRD_USER,
} from "./core/fixtures";
export type { VoipOptions, VoipCallRow } from "./parts/voip";
