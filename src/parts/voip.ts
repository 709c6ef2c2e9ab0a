// Telephony (Twilio through the portal): the portal's numbers and their settings, operators,
// audio files, the call log and calls. Without Twilio keys a portal answers 400 `accountSid`:
// a VoipNotConfiguredError. Buying a number spends money and deleting one does not release it.
import { voipOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { BadRequestError } from "../core/errors";
import {
  anyText,
  checkWhole,
  date,
  flag,
  id,
  searchText,
  text,
  userId,
  userIds,
  wrongType,
  type Check,
} from "../core/guards";
import { hooks } from "../core/hooks";
import type { RequestOptions } from "../core/options";
import type { Page, PageOptions, PagedList } from "../core/paging";
import {
  checked,
  shaped,
  type Area,
  type Done,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";

export type VoipQueueSettings = components["schemas"]["VoipQueueSettings"];
export type VoipQueue = components["schemas"]["VoipQueue"];
export type VoipPhone = components["schemas"]["VoipPhone"];
export type VoipSettings = components["schemas"]["VoipSettings"];
export type VoipAgent = components["schemas"]["Agent"];
export type VoipWorkingHours = components["schemas"]["VoipWorkingHours"];
export type VoipUpload = components["schemas"]["VoipUpload"];
export type VoipCall = components["schemas"]["VoipCall"];
export type VoipCallLeg = components["schemas"]["VoipCallLeg"];
export type VoipCallContact = components["schemas"]["VoipCallContact"];

/** The portal has no Twilio keys (its "Twilio" third-party consumer is empty). */
export class VoipNotConfiguredError extends BadRequestError {
  override name = "VoipNotConfiguredError";
  constructor(cause: BadRequestError) {
    super(cause); // its status, the portal's words and the call it names
    this.message =
      (cause.call ? `${cause.call}: ` : "") +
      "VoIP is not configured on this portal: an administrator must enter the Twilio account " +
      "SID and auth token (Settings → Integration → Third-party services → Twilio)";
  }
}

/** Queue settings as the client takes and gives them: `waitTime` in minutes. */
export interface QueueSettingsChanges {
  /** How many callers may wait. */
  size?: number;
  /** The hold music's URL. */
  waitUrl?: string;
  /** The longest wait, in whole minutes. */
  waitTime?: number;
  /** Whether calls wait paused. */
  pause?: boolean;
}

/** Which numbers `findVoipNumbers` looks for (the portal's `PhoneNumberType`). */
export type VoipNumberType = "local" | "tollFree";
/** What an audio file is for (the portal's `AudioType`). */
export type VoipAudioType = "greeting" | "holdUp" | "voiceMail" | "queue";
/** An operator's status (the portal's `AgentStatus`). */
export type VoipAgentStatus = "online" | "paused" | "offline";
/** How an operator answers (the portal's `AnswerType`). */
export type VoipAnswerType = "number" | "sip" | "client";
/** A call's status (the portal's `VoipCallStatus`; its `Outcoming` is `outgoing` here). */
export type VoipCallStatus = "incoming" | "outgoing" | "answered" | "missed";

// The user's words → the portal's enum numbers.
const NUMBER_TYPES: Record<VoipNumberType, number> = { local: 0, tollFree: 1 };
const AUDIO_TYPES: Record<VoipAudioType, number> = {
  greeting: 0,
  holdUp: 1,
  voiceMail: 2,
  queue: 3,
};
const AGENT_STATUSES: Record<VoipAgentStatus, number> = { online: 0, paused: 1, offline: 2 };
const ANSWER_TYPES: Record<VoipAnswerType, number> = { number: 0, sip: 1, client: 2 };
const CALL_STATUSES: Record<VoipCallStatus, number> = {
  incoming: 0,
  outgoing: 1,
  answered: 2,
  missed: 3,
};

/** A number's settings to change; what is left out stays as it is. */
export interface VoipNumberSettingsChanges {
  /** The number's alias (cannot be cleared: a portal ignores empty values). */
  alias?: string;
  /** The greeting audio's URL. */
  greeting?: string;
  /** The hold music's URL. */
  holdUp?: string;
  /** Where callers go when the wait is over (the queue's wait URL). */
  wait?: string;
  /** The voice mail audio's URL. */
  voiceMail?: string;
  /** Working hours, whole: a portal replaces the stored object with what it gets. */
  workingHours?: {
    enabled: boolean;
    /** `HH:MM`, 24-hour. */
    from: string;
    /** `HH:MM`, 24-hour. */
    to: string;
  };
  /** Whether operators may call out; `false` switches it off for every operator too. */
  allowOutgoingCalls?: boolean;
  /** Whether calls are recorded; `false` switches it off for every operator too. */
  record?: boolean;
}

/** An operator's settings to change; what is left out stays as it is. */
export interface VoipOperatorChanges {
  status?: VoipAgentStatus;
  /** ANDed with the number's own setting by the portal. */
  allowOutgoingCalls?: boolean;
  /** ANDed with the number's own setting by the portal. */
  record?: boolean;
  answerType?: VoipAnswerType;
  /** Where to redirect the operator's calls (cannot be cleared). */
  redirectToNumber?: string;
}

/** Which calls: every field given must match. */
export interface CallFilter {
  /** Answered, missed or outgoing calls (incoming calls cannot be asked for). */
  type?: "answered" | "missed" | "outgoing";
  /** Only calls dialled at or after this. */
  from?: Date | string;
  /** Only calls dialled at or before this (the client sends it as the portal's day bound). */
  to?: Date | string;
  /** Only calls answered by this user (a GUID). */
  agent?: string;
  /** Only calls with this contact. */
  contactId?: number;
  /** Only calls whose ID starts with this. */
  search?: string;
  /** The order; without one, by call ID. */
  sortBy?: "date" | "duration" | "price";
  /** Default `asc`. */
  sortOrder?: "asc" | "desc";
}

/** A call record to save; empty values keep the stored ones. */
export interface CallRecord {
  from?: string;
  to?: string;
  /** Who answered (a user GUID). */
  answeredBy?: string;
  status?: VoipCallStatus;
  /** The call's contact; without one the portal matches the phone or makes a private person. */
  contactId?: number;
  /** Kept only while the stored price is 0. */
  price?: number;
}

export interface VoipMethods {
  /**
   * `GET voip/numbers/settings` (admins only): the queue settings of the portal's numbers, with
   * `waitTime` in minutes (a portal stores seconds and answers them).
   */
  getVoipSettings(options?: RequestOptions): Promise<VoipQueueSettings>;
  /**
   * `PUT voip/numbers/settings` (admins only): sets every number's queue. Reads the settings
   * first and sends them whole with `changes` over them, `waitTime` in minutes (a portal
   * multiplies what it gets by 60, and ignores `pause` without a queue). Resolves to the
   * settings as sent, `waitTime` in minutes.
   */
  updateVoipSettings(
    changes: QueueSettingsChanges,
    options?: RequestOptions,
  ): Promise<VoipQueueSettings>;
  /** `GET voip/token`: the caller's Twilio client token. */
  getVoipToken(options?: RequestOptions): Promise<string>;
  /**
   * `GET voip/numbers/existing` (admins only): the portal's numbers with their settings and
   * operators; each queue's `waitTime` in minutes.
   */
  listVoipNumbers(options?: RequestOptions): Promise<VoipPhone[]>;
  /**
   * `GET voip/numbers/unlinked` (admins only): numbers on the Twilio account the portal does not
   * use (bought and never linked, or deleted from the portal: still billed).
   */
  listUnlinkedVoipNumbers(options?: RequestOptions): Promise<VoipPhone[]>;
  /** `GET voip/numbers/available` (admins only): numbers for sale in `country` (`"US"`). */
  findVoipNumbers(
    country: string,
    type?: VoipNumberType,
    options?: RequestOptions,
  ): Promise<VoipPhone[]>;
  /**
   * `POST voip/numbers` (admins only): **buys** the number (E.164, `+15550100`) on the portal's
   * Twilio account — this spends money — and links it. Refused, after a read, when the portal
   * already has it or it is on the account unlinked (link it with `linkVoipNumber`). Never
   * retried after it may have run.
   */
  buyVoipNumber(number: string, options?: RequestOptions): Promise<VoipPhone>;
  /**
   * `POST voip/numbers/link` (admins only): links a number of the Twilio account (its SID, from
   * `listUnlinkedVoipNumbers`). Refused, after a read, when the portal already has it: linking
   * again would wipe its operators, audio, hours and alias. Never retried.
   */
  linkVoipNumber(numberId: string, options?: RequestOptions): Promise<VoipPhone>;
  /** `GET voip/numbers/{id}`: one number with its settings and operators (404 when unknown). */
  getVoipNumber(numberId: string, options?: RequestOptions): Promise<VoipPhone>;
  /** `GET voip/numbers/current`: the number the caller is an operator of (404 when none). */
  getCurrentVoipNumber(options?: RequestOptions): Promise<VoipPhone>;
  /**
   * `DELETE voip/numbers/{id}` (admins only): removes the number from the portal. **It is not
   * released**: Twilio keeps billing it until you release it in the Twilio console; it shows
   * again in `listUnlinkedVoipNumbers`. Takes the SID (`PN…`) only: by the number a portal
   * answers 200 and deletes nothing. Never retried.
   */
  deleteVoipNumber(numberId: string, options?: RequestOptions): Promise<VoipPhone>;
  /**
   * `PUT voip/numbers/{id}/settings` (admins only): changes the number's alias, audio, working
   * hours (sent whole), outgoing calls and recording. `allowOutgoingCalls: false` and
   * `record: false` switch it off for every operator too. Nothing can be cleared.
   */
  updateVoipNumberSettings(
    numberId: string,
    changes: VoipNumberSettingsChanges,
    options?: RequestOptions,
  ): Promise<VoipPhone>;
  /** `GET voip/uploads` (admins only): the uploaded audio files, then the defaults. */
  listVoipUploads(options?: RequestOptions): Promise<VoipUpload[]>;
  /**
   * `DELETE voip/uploads` (admins only): deletes an uploaded audio file. Numbers that used it
   * switch to the default of its type only when there is one; otherwise they keep a dead URL.
   */
  deleteVoipUpload(
    type: VoipAudioType,
    name: string,
    options?: RequestOptions,
  ): Promise<VoipUpload>;
  /** `GET voip/numbers/{id}/oper`: the user IDs of the number's operators. */
  listVoipOperators(numberId: string, options?: RequestOptions): Promise<string[]>;
  /**
   * `PUT voip/numbers/{id}/oper` (admins only): makes the users operators of the number. A user
   * who is an operator of any number is a 400 `Duplicate`, so it is not retried.
   */
  addVoipOperators(
    numberId: string,
    userIds: string[],
    options?: RequestOptions,
  ): Promise<VoipAgent[]>;
  /**
   * `DELETE voip/numbers/{id}/oper` (admins only): removes the user from the number's operators.
   * The others are renumbered from 100, which changes their Twilio `clientID`.
   */
  removeVoipOperator(numberId: string, userId: string, options?: RequestOptions): Promise<string>;
  /** `PUT voip/opers/{userId}` (admins, or the operator themself): changes an operator. */
  updateVoipOperator(
    userId: string,
    changes: VoipOperatorChanges,
    options?: RequestOptions,
  ): Promise<VoipAgent>;
  /**
   * `GET voip/call`: the call log, every call of the portal (no access check); `await` it for
   * one page, `for await` it for every call. A portal pages by raw rows, legs included, so its
   * pages repeat calls: the client drops calls it has already given (within a page, and across
   * pages of one `for await` or `nextPage()` chain). A call's legs on an earlier page are lost.
   */
  listCalls(filter?: CallFilter, page?: PageOptions): PagedList<VoipCall>;
  /** `GET voip/call/missed`: up to 10 of the caller's missed calls of the last 7 days. */
  listMissedCalls(options?: RequestOptions): Promise<VoipCall[]>;
  /** `GET voip/call/{id}`: a call with its legs and contact (an unknown call is a 500). */
  getCall(callId: string, options?: RequestOptions): Promise<VoipCall>;
  /**
   * `POST voip/call`: **places a real phone call** to `to` from the caller's number. Without
   * `contactId` a portal finds the contact by phone or creates a private person named after the
   * number. Never retried.
   */
  makeCall(to: string, input?: { contactId?: number }, options?: RequestOptions): Promise<VoipCall>;
  /** `POST voip/call/{id}/answer`: answers a queued call (nothing happens if it is not queued). */
  answerCall(callId: string, options?: RequestOptions): Promise<VoipCall>;
  /** `POST voip/call/{id}/reject`: rejects a queued call (nothing happens if it is not queued). */
  rejectCall(callId: string, options?: RequestOptions): Promise<VoipCall>;
  /**
   * `POST voip/call/{id}/redirect`: redirects the call to a user (a GUID), who is added to the
   * call's contact's access list for good.
   */
  redirectCall(callId: string, to: string, options?: RequestOptions): Promise<VoipCall>;
  /**
   * `POST voip/call/{id}`: creates or changes a call record. Without a contact a portal matches
   * the phone or creates a private person named after it. Never retried.
   */
  saveCall(callId: string, input: CallRecord, options?: RequestOptions): Promise<VoipCall>;
  /**
   * `POST voip/price/{id}`: has the portal fetch the call's price, duration and recording from
   * Twilio in the background and add a "Call" event to the contact's history (each request adds
   * one). Resolves at once.
   */
  saveCallPrice(callId: string, options?: RequestOptions): Promise<void>;
}

const minutes: Check<number> = (name, value) => checkWhole(name, value, 1, 24 * 60);
const url: Check<string> = (name, value) => {
  if (typeof value !== "string" || !/^https?:\/\//.test(value)) {
    throw wrongType(name, "an http(s) URL", value);
  }
  return value;
};
/** A number's or a call's ID: the routes' `\w+` (a Twilio SID, or a number without `+`). */
const sid: Check<string> = (name, value) => {
  if (!/^\w+$/.test(text(name, value))) {
    throw new RangeError(`${name} must be letters, digits and _ (a Twilio SID)`);
  }
  return value as string;
};
/**
 * A number's Twilio SID (`PN…`): the delete finds a number by SID or digits but deletes the row
 * by SID only, so by digits it answers 200 and deletes nothing (VoipDao.cs:61-71, 90-93).
 */
const phoneSid: Check<string> = (name, value) => {
  if (!/^PN\w+$/.test(sid(name, value))) {
    throw new RangeError(`${name} must be the number's Twilio SID (PN…), not the number`);
  }
  return value as string;
};
const e164: Check<string> = (name, value) => {
  if (!/^\+[1-9]\d{6,14}$/.test(text(name, value))) {
    throw new RangeError(`${name} must be an E.164 number: + and 7 to 15 digits`);
  }
  return value as string;
};
const country: Check<string> = (name, value) => {
  if (!/^[A-Z]{2}$/.test(text(name, value))) {
    throw new RangeError(`${name} must be an ISO 3166-1 alpha-2 country code, e.g. US`);
  }
  return value as string;
};
const phone: Check<string> = (name, value) => {
  if (!/^\+?\d{3,15}(#\d+)?$/.test(text(name, value))) {
    throw new RangeError(
      `${name} must be a phone number: 3 to 15 digits, + and #extension allowed`,
    );
  }
  return value as string;
};
const fileName: Check<string> = (name, value) => {
  if (/[/\\]|\.\./.test(text(name, value))) {
    throw new RangeError(`${name} must be a file name, not a path`);
  }
  return value as string;
};
const idText: Check<string> = (name, value) => String(id(name, value));
const time = (name: string, value: unknown) => {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(anyText(name, value))) {
    throw new RangeError(`${name} must be a time as HH:MM`);
  }
  return `${value}:00`;
};
const workingHours: Check = (name, value) => {
  const fields: Fields = { enabled: ["enabled", flag], from: ["from", time], to: ["to", time] };
  const rule = (written: Wire) => {
    if (Object.keys(written).length < 3) {
      throw new TypeError(
        `${name} needs enabled, from and to: a portal replaces the stored hours whole`,
      );
    }
  };
  return shaped({ name, fields, rule }, value); // a Shape: no call needed
};
const distinctUsers: Check<string[]> = (name, value) => {
  // An empty list is refused by the list check (a positional argument: nothing to leave out).
  const ids = userIds(name, value).map((user) => user.toLowerCase());
  if (new Set(ids).size !== ids.length) throw new RangeError(`${name} lists a user twice`);
  return ids;
};
const notEmpty = (what: string) => (written: Wire) => {
  if (!Object.keys(written).length) throw new RangeError(`${what} is empty: nothing to change`);
};

const settings: Shape = {
  name: "changes",
  fields: {
    size: ["size", (name, value) => checkWhole(name, value, 1, 1000)],
    waitUrl: ["waitUrl", url],
    waitTime: ["waitTime", minutes],
    pause: ["pause", flag],
  },
  rule: notEmpty("changes"),
};

/**
 * The portal reads `queue[…]` and `pause`, and saves `pause` only with a queue: the settings as
 * they are (in minutes) are read first and sent whole, with `changes` over them. A wait time
 * that is not whole minutes (a new number's queue holds 5 seconds) is left out: 0 keeps it.
 */
const settingsChanges: ReadFirst = async (value, wire, call) => {
  const given = shaped(settings, value); // refused before anything is sent, the read included
  const now = await (call.crm as VoipMethods).getVoipSettings(call.options);
  const { pause = now.pause, ...queue } = given;
  const { size, waitTime, waitUrl } = now.queue;
  wire.queue = {
    size,
    ...(Number.isInteger(waitTime) && waitTime >= 1 && { waitTime }),
    ...(waitUrl && { waitUrl }),
    ...queue,
  };
  wire.pause = pause;
};

const numberSettings: Shape = {
  name: "changes",
  fields: {
    alias: ["alias", text],
    greeting: ["greeting", url],
    holdUp: ["holdUp", url],
    wait: ["wait", url],
    voiceMail: ["voiceMail", url],
    workingHours: ["workingHours", workingHours],
    allowOutgoingCalls: ["allowOutgoingCalls", flag],
    record: ["record", flag],
  },
  rule: notEmpty("changes"),
};

const operatorChanges: Shape = {
  name: "changes",
  fields: {
    status: ["status", AGENT_STATUSES],
    allowOutgoingCalls: ["allowOutgoingCalls", flag],
    record: ["record", flag],
    answerType: ["answerType", ANSWER_TYPES],
    redirectToNumber: ["redirectToNumber", phone],
  },
  rule: notEmpty("changes"),
};

/** The day bound as the portal reads it: it takes everything up to `to` + 1 day − 1 ms. */
const callsUntil: Check<string> = (name, value) =>
  new Date(Date.parse(date(name, value)) - 86_399_999).toISOString();

const callFilter: Shape = {
  name: "filter",
  fields: {
    type: ["callType", { answered: "answered", missed: "missed", outgoing: "outgoing" }],
    from: ["from", date],
    to: ["to", callsUntil],
    agent: ["agent", userId],
    contactId: ["contactID", id],
    search: ["filterValue", searchText],
    sortBy: ["sortBy", { date: "date", duration: "duration", price: "price" }],
    sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
  },
  // Without a sortBy the portal ignores sortOrder: name the order it means.
  rule: (written) => void (written.sortOrder && (written.sortBy ??= "date")),
};

const callRecord: Shape = {
  name: "input",
  fields: {
    from: ["from", phone],
    to: ["to", phone],
    answeredBy: ["answeredBy", userId],
    status: ["status", CALL_STATUSES],
    contactId: ["contactId", idText],
    price: [
      "price",
      (name, value) => {
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
          throw new RangeError(`${name} must be a number of at least 0`);
        }
        return value;
      },
    ],
  },
  rule: notEmpty("input"),
};

/** The digits of a number, as the portal stores it (without `+`). */
const digits = (number: string | null | undefined) => (number ?? "").replace(/^\+/, "");

/** A number the portal or the Twilio account already has is not bought again (it costs money). */
const notOwned: ReadFirst = async (value, wire, call) => {
  const number = e164("number", value);
  const crm = call.crm as VoipMethods;
  if ((await crm.listVoipNumbers(call.options)).some((p) => digits(p.number) === digits(number))) {
    throw new RangeError("number is already the portal's: buying it again would spend money");
  }
  if (
    (await crm.listUnlinkedVoipNumbers(call.options)).some(
      (p) => digits(p.number) === digits(number),
    )
  ) {
    throw new RangeError(
      "number is already on the Twilio account: link it with linkVoipNumber(id) instead of buying it",
    );
  }
  wire.number = number;
};

/** A number the portal has is not linked again (that would wipe its operators and settings). */
const notLinked: ReadFirst = async (value, wire, call) => {
  const numberId = sid("numberId", value);
  const mine = await (call.crm as VoipMethods).listVoipNumbers(call.options);
  if (mine.some((p) => p.id === numberId)) {
    throw new RangeError(
      "numberId is already the portal's: linking it again would wipe its operators, audio, hours and alias",
    );
  }
  wire.id = numberId;
};

/** An optional number type: left out means the portal's default (local). */
const numberType: ReadFirst = async (value, wire) => {
  if (value !== undefined) wire.numberType = checked("type", value, NUMBER_TYPES);
};

const numberId = ["numberId", "numberId", sid] as const;
const callId = ["callId", "callId", sid] as const;

export const voipLines = {
  getVoipSettings: [],
  updateVoipSettings: [settingsChanges],
  getVoipToken: [],
  listVoipNumbers: [],
  listUnlinkedVoipNumbers: [],
  findVoipNumbers: [["country", "isoCountryCode", country], numberType],
  buyVoipNumber: [notOwned],
  linkVoipNumber: [notLinked],
  getVoipNumber: [numberId],
  getCurrentVoipNumber: [],
  deleteVoipNumber: [["numberId", "numberId", phoneSid]],
  updateVoipNumberSettings: [numberId, numberSettings],
  listVoipUploads: [],
  deleteVoipUpload: [
    ["type", "audioType", (name, value) => checked(name, value, AUDIO_TYPES)],
    ["name", "fileName", fileName],
  ],
  listVoipOperators: [numberId],
  addVoipOperators: [numberId, ["userIds", "operators", distinctUsers]],
  removeVoipOperator: [numberId, ["userId", "oper", userId]],
  updateVoipOperator: [["userId", "operatorId", userId], operatorChanges],
  listCalls: [callFilter],
  listMissedCalls: [],
  getCall: [callId],
  makeCall: [["to", "to", phone], { name: "input", fields: { contactId: ["contactId", idText] } }],
  answerCall: [callId],
  rejectCall: [callId],
  redirectCall: [callId, ["to", "to", userId]],
  saveCall: [callId, callRecord],
  saveCallPrice: [callId],
} satisfies LinesFor<typeof voipOperations, VoipMethods>;

/** Stored seconds as minutes (the default queue, with no ID, is already minutes: none stored). */
const queueInMinutes = <Q extends VoipQueue | null>(queue: Q): Q =>
  queue?.id ? { ...queue, waitTime: queue.waitTime / 60 } : queue;
const inMinutes = (answer: VoipQueueSettings): VoipQueueSettings => ({
  ...answer,
  queue: queueInMinutes(answer.queue),
});
const phoneInMinutes = (phone: VoipPhone): VoipPhone =>
  phone.settings?.queue
    ? { ...phone, settings: { ...phone.settings, queue: queueInMinutes(phone.settings.queue) } }
    : phone;
const phonesInMinutes = (phones: VoipPhone[]) => phones.map(phoneInMinutes);

/** A 400 that names `accountSid`: the portal has no Twilio keys. */
const notConfigured = (error: unknown) =>
  error instanceof BadRequestError && /accountSid/.test(error.portalMessage ?? "")
    ? new VoipNotConfiguredError(error)
    : undefined;

/**
 * `listCalls` without the portal's repeats: each page is its own request (a fresh list, so the
 * paging's "same page twice" check does not trip on a portal that repeats a whole page), and a
 * call already given is dropped.
 */
function distinctCalls(
  call: Done,
  filter?: CallFilter,
  page: PageOptions = {},
): PagedList<VoipCall> {
  const line = call.line as unknown as (f?: CallFilter, p?: PageOptions) => PagedList<VoipCall>;
  // `maxItems` goes along: the paging checks it as for any list.
  const { pageSize = 100, startIndex = 0, ...options } = page;
  const request = (start: number, size: number) =>
    line(filter, { ...options, startIndex: start, pageSize: size });
  // The portal's page without the calls already given; the last page's nextPage rejects as ever.
  const wrap = (got: Page<VoipCall>, seen: Set<string>, size: number): Page<VoipCall> =>
    ({
      ...got,
      items: got.items.filter((c) => !seen.has(c.id) && Boolean(seen.add(c.id))),
      nextPage: (next = size) =>
        got.hasNextPage()
          ? request(got.startIndex + size, next).then((p) => wrap(p, seen, next))
          : got.nextPage(),
    }) as Page<VoipCall>;
  const first = request(startIndex, pageSize); // sends nothing until awaited, once
  const fresh = (got: Page<VoipCall>) => wrap(got, new Set(), pageSize);
  return {
    then: (fulfilled, rejected) => first.then(fresh).then(fulfilled, rejected),
    withResponse: () => first.withResponse().then((got) => ({ ...got, data: fresh(got.data) })),
    async *[Symbol.asyncIterator]() {
      let left = options.maxItems ?? Infinity;
      for (let current = await this; ; current = await current.nextPage()) {
        for (const item of current.items) {
          yield item;
          if (--left <= 0) return;
        }
        if (!current.hasNextPage()) return;
        options.signal?.throwIfAborted();
      }
    },
  };
}

const errors = Object.fromEntries(
  Object.keys(voipLines)
    .filter((method) => method !== "listCalls")
    .map((method) => [method, notConfigured]),
);

/** Telephony: pass it to `createCrmClientFor`. */
export const voip: Area<VoipMethods> = {
  operations: voipOperations,
  lines: voipLines,
  hooks,
  after: {
    getVoipSettings: inMinutes as never,
    listVoipNumbers: phonesInMinutes as never,
    listUnlinkedVoipNumbers: phonesInMinutes as never,
    findVoipNumbers: phonesInMinutes as never,
    buyVoipNumber: phoneInMinutes as never,
    linkVoipNumber: phoneInMinutes as never,
    getVoipNumber: phoneInMinutes as never,
    getCurrentVoipNumber: phoneInMinutes as never,
    deleteVoipNumber: phoneInMinutes as never,
    updateVoipNumberSettings: phoneInMinutes as never,
    saveCallPrice: (() => undefined) as never,
  },
  errors,
  composites: { listCalls: distinctCalls as never },
};
