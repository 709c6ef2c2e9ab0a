// The fake portal's VoIP: the 27 routes of `CRMApi.Voip.cs` (module/ASC.Api/ASC.Api.CRM/, `VO`
// below). By default a portal without Twilio keys: building the provider throws
// `ArgumentNullException("accountSid")`, a 400 (module/ASC.VoipService/Twilio/TwilioProvider.cs:45-54).
// With `twilio` a simulated provider: numbers on an account, a linked number with operators, audio
// files and a call log. Nothing is ever dialled.
import type { components } from "../../../generated/schema";
import { instant } from "./contacts";
import type { Route } from "../core/routes";
import { apiDateTime, type FullContact, type PortalState } from "../core/state";
import { accessDenied, badArgument, notFound, serverError } from "../core/wire";
import type { Args } from "../core/wire";

type Agent = components["schemas"]["Agent"];
type Queue = components["schemas"]["VoipQueue"];
type WorkingHours = components["schemas"]["VoipWorkingHours"];

/** A stored number (`crm_voip_number`): the `VoipPhone` without `caller`, computed per user. */
export interface VoipNumberRow {
  id: string;
  /** Without `+` (`VoipDao.cs:39-42`). */
  number: string;
  alias: string | null;
  settings: {
    voiceUrl: string | null;
    name: string | null;
    operators: Agent[];
    queue: Queue | null;
    workingHours: WorkingHours | null;
    voiceMail: string;
    greetingAudio: string;
    holdAudio: string;
    allowOutgoingCalls: boolean;
    pause: boolean;
    record: boolean;
  };
}

/** A row of `crm_voip_calls`; `parentId` "" for a call, the call's ID for a leg. */
export interface VoipCallRow {
  id: string;
  parentId: string;
  from: string;
  to: string;
  /** A user GUID; the empty GUID when nobody answered. */
  answeredBy: string;
  /** Epoch milliseconds. */
  dialDate: number;
  dialDuration: number;
  /** `VoipCallStatus`: 0 incoming, 1 outgoing, 2 answered, 3 missed. */
  status: 0 | 1 | 2 | 3 | null;
  price: number;
  contactId: number;
  recordUrl: string | null;
  recordDuration: number;
  recordPrice: number;
}

export interface VoipState {
  admin: boolean;
  twilio: boolean;
  /** The numbers the portal stores. */
  numbers: VoipNumberRow[];
  /** The Twilio account's numbers (SID, number with `+`), linked or not. */
  account: { id: string; number: string }[];
  calls: VoipCallRow[];
  /** Audio files: the tenant's uploads and the portal's defaults. */
  uploads: { name: string; audioType: number; isDefault: boolean }[];
}

export interface VoipOptions {
  /** The user is a portal administrator for the VoIP routes. */
  admin?: boolean;
  /** Twilio keys set: a simulated provider with numbers, operators, audio and a call log. */
  twilio?: boolean;
  /** The call log to start with (replaces the seeded one; needs `twilio` for the number routes only). */
  calls?: VoipCallRow[];
}

const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
const STORAGE = "https://portal.example.com/storage/crm/voip";
const AUDIO = ["greeting", "holdup", "voicemail", "queue"];
/** Numbers Twilio offers, by country and type (0 local, 1 toll-free). */
const FOR_SALE: Record<string, [string[], string[]]> = {
  US: [["+15550199", "+15550198"], ["+18005550100"]],
  GB: [["+442079460000"], []],
};
const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, "0")}`;
const audioUrl = (type: number, name: string, isDefault: boolean) =>
  `${STORAGE}/${isDefault ? "default/" : ""}${AUDIO[type]}/${name}`;

const MINUTE = 60_000;
/** A simulated call log: a call whose leg's ID sorts before it, a leg after, missed calls. */
export function seedVoipCalls(me: string, now = Date.now()): VoipCallRow[] {
  const row = (r: Partial<VoipCallRow> & Pick<VoipCallRow, "id">): VoipCallRow => ({
    parentId: "",
    from: "+15550100",
    to: "+15550100",
    answeredBy: me,
    dialDate: now - 60 * MINUTE,
    dialDuration: 0,
    status: 2,
    price: 0,
    contactId: 0,
    recordUrl: null,
    recordDuration: 0,
    recordPrice: 0,
    ...r,
  });
  return [
    row({
      id: "CA05",
      parentId: "CA10",
      from: "+15550100",
      to: "client:15550100100",
      dialDuration: 110,
      price: 0.01,
    }),
    row({
      id: "CA10",
      from: "+14255550142",
      contactId: 10,
      dialDuration: 120,
      price: 0.02,
      recordUrl: `${STORAGE}/records/CA10.mp3`,
      recordDuration: 118,
      recordPrice: 0.005,
    }),
    row({
      id: "CA20",
      from: "+14255550100",
      contactId: 9,
      status: 3,
      dialDate: now - 120 * MINUTE,
    }),
    row({
      id: "CA25",
      parentId: "CA30",
      from: "client:15550100100",
      to: "+49301234567",
      status: 1,
      dialDuration: 60,
      price: 0.05,
      dialDate: now - 1440 * MINUTE,
    }),
    row({
      id: "CA30",
      to: "+49301234567",
      contactId: 7,
      status: 1,
      dialDuration: 62,
      price: 0.1,
      dialDate: now - 1440 * MINUTE,
    }),
    row({ id: "CA40", from: "+15557777", status: 3, dialDate: now - 30 * MINUTE }),
    row({
      id: "CA50",
      from: "+15558888",
      status: 0,
      answeredBy: EMPTY_GUID,
      dialDate: now - 3 * 1440 * MINUTE,
    }),
  ];
}

function newSettings(): VoipNumberRow["settings"] {
  return {
    voiceUrl: null,
    name: null,
    operators: [],
    queue: null,
    workingHours: null,
    voiceMail: "",
    greetingAudio: "",
    holdAudio: "",
    allowOutgoingCalls: false,
    pause: false,
    record: false,
  };
}

/** Seeds the VoIP state: with `twilio`, an account of two numbers, one linked with the user as operator. */
export function seedVoip(state: PortalState, options: VoipOptions): void {
  const voip = state.voip;
  voip.admin = options.admin ?? false;
  voip.twilio = options.twilio ?? false;
  if (options.calls) voip.calls = structuredClone(options.calls);
  if (!voip.twilio) return;
  voip.account = [
    { id: sid("PN", 1), number: "+15550100" },
    { id: sid("PN", 2), number: "+15550101" },
  ];
  voip.numbers = [
    {
      id: sid("PN", 1),
      number: "15550100",
      alias: "Support",
      settings: {
        ...newSettings(),
        operators: [agent(state.me.id, "15550100", "100", true, true)],
        // Stored in seconds: `PUT voip/numbers/settings` multiplies the minutes it gets by 60.
        queue: { id: "QU0001", name: "15550100", size: 5, waitUrl: "", waitTime: 300 },
        greetingAudio: audioUrl(0, "hello.mp3", false),
        allowOutgoingCalls: true,
        record: true,
      },
    },
  ];
  voip.uploads = [
    { name: "hello.mp3", audioType: 0, isDefault: false },
    { name: "old-music.mp3", audioType: 1, isDefault: false },
    { name: "greeting.mp3", audioType: 0, isDefault: true },
    { name: "queue.mp3", audioType: 3, isDefault: true },
  ];
  if (!options.calls) voip.calls = seedVoipCalls(state.me.id);
}

/** `new Agent(id, answer, phone, postFix)` (`V/VoipModel.cs:54-71`): answers as a client, offline. */
function agent(
  id: string,
  number: string,
  postFix: string,
  outgoing: boolean,
  record: boolean,
): Agent {
  return {
    id,
    answer: 2,
    clientID: number + postFix,
    record,
    timeOut: 30,
    status: 2,
    allowOutgoingCalls: outgoing,
    postFix,
    phoneNumber: number,
    redirectToNumber: null,
  };
}

const noKeys = () => badArgument("Value cannot be null.\r\nParameter name: accountSid");
const nullReference = () => serverError("Object reference not set to an instance of an object.");
const admin = (state: PortalState) => {
  if (!state.admin && !state.voip.admin) throw accessDenied(); // CRMSecurity.IsAdmin, first
};
/** `VoipProvider`: built from the Twilio keys (CRMApiBase.cs:50-53). */
const provider = (state: PortalState) => {
  if (!state.voip.twilio) throw noKeys();
};
/** Every stored number builds the provider when read (`ToPhone`, `VoipDao.cs:291-294`). */
const numbers = (state: PortalState) => {
  if (state.voip.numbers.length) provider(state);
  return state.voip.numbers;
};
/** `GetNumber(id)`: by SID or number (`\w+`, so never with `+`). */
const findNumber = (state: PortalState, numberId: string | undefined) =>
  numbers(state).find((n) => n.id === numberId || n.number === numberId);
/** `GetCurrentNumber`: the first number the user is an operator of (`VoipDao.cs:94-99`). */
const currentNumber = (state: PortalState) =>
  numbers(state).find((n) => n.settings.operators.some((o) => o.id === state.me.id));

/** A number on the wire: every member, `caller` the user's own operator entry (`VoipSettings.cs:45`). */
function phoneWire(state: PortalState, row: VoipNumberRow) {
  const caller = row.settings.operators.find((o) => o.id === state.me.id) ?? null;
  const { voiceUrl, name, operators, queue, workingHours, ...rest } = structuredClone(row.settings);
  return {
    id: row.id,
    number: row.number,
    alias: row.alias,
    settings: { voiceUrl, name, operators, queue, caller, workingHours, ...rest },
    caller,
  };
}
/** A Twilio number (for sale or unlinked): a `TwilioPhone` with only id and number set. */
const twilioPhone = (id: string | null, number: string) => ({
  id,
  number,
  alias: null,
  settings: {
    ...newSettings(),
    voiceMail: null,
    greetingAudio: null,
    holdAudio: null,
    caller: null,
  },
  caller: null,
});

/** An enum parameter: its name (any case) or its number (§1.4: undefined numbers pass). */
function enumArg(args: Args, name: string, names: readonly string[]): number | undefined {
  const text = args.string(name)?.trim();
  if (text === undefined || text === "") return undefined;
  if (/^-?\d+$/.test(text)) return Number(text);
  const index = names.findIndex((n) => n.toLowerCase() === text.toLowerCase());
  if (index < 0) throw badArgument(`Requested value '${text.slice(0, 20)}' was not found.`);
  return index;
}
const guidOf = (text: string | undefined) => {
  if (!text || !/^[\da-f]{8}-([\da-f]{4}-){3}[\da-f]{12}$/i.test(text.trim())) {
    throw badArgument(
      "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
    );
  }
  return text.trim().toLowerCase();
};

const digitsOf = (text: string) => text.replace(/\D/g, "");

/** The sparse contact of the call lists (VO:903-919): id, displayName, smallFotoUrl. */
function sparseContact(state: PortalState, contactId: number) {
  const contact = contactId ? state.contacts.get(contactId) : undefined;
  const isCompany = contact?.isCompany ?? false;
  return {
    id: contactId || -1,
    // `ContactTitle` from the join: null when the row is gone (VoipDao.cs:320-326).
    displayName: contactId ? (contact?.displayName ?? null) : null,
    isCompany: false, // never set by these constructors (W/ContactWrapper.cs:134-137)
    isPrivate: false,
    isShared: false,
    shareType: 0,
    currency: null,
    canEdit: false,
    canDelete: false,
    smallFotoUrl: contactId
      ? `/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid=${contactId}&isc=${isCompany ? "True" : "False"}&ps=1`
      : "/skins/default/images/empty_people_logo_40_40.png",
    haveLateTasks: false,
  };
}

/** `VoipCallWrapper(call, contact)` (W/VoipCallWrapper.cs:91-109). */
function callWire(
  state: PortalState,
  row: VoipCallRow,
  legs: VoipCallRow[],
  contact: unknown,
): Record<string, unknown> {
  return {
    id: row.id,
    from: row.from,
    to: row.to,
    status: row.status,
    answeredBy: state.user(row.answeredBy === EMPTY_GUID ? "" : row.answeredBy),
    dialDate: apiDateTime(new Date(row.dialDate), state.offsetMinutes),
    dialDuration: row.dialDuration,
    // Decimals on the server: summed exactly (to the cent fraction a price has).
    cost:
      Math.round(
        (row.price + legs.reduce((sum, leg) => sum + leg.price, 0) + row.recordPrice) * 1e6,
      ) / 1e6,
    contact,
    ...(legs.length && { calls: legs.map((leg) => callWire(state, leg, [], null)) }),
    recordUrl: row.recordUrl,
    recordDuration: row.recordDuration,
  };
}

/** `GetCall(id)`: the top-level row and its legs (`VoipDao.cs:186-199`), or undefined. */
function getCall(state: PortalState, callId: string | undefined) {
  const rows = state.voip.calls.filter((c) => c.id === callId || c.parentId === callId);
  const call = rows.find((c) => c.parentId === "");
  return call && { call, legs: rows.filter((c) => c.parentId === call.id) };
}

/** A readable contact for a single call answer: 404 when the user may not see it. */
function fullContact(state: PortalState, contactId: number) {
  const contact = state.contacts.get(contactId);
  if (!contact) return null; // ContactWrapper of a missing contact: GetContactByID → 404 below
  if (!state.maySeeContact(contact)) throw notFound();
  return structuredClone(contact);
}

/** `GetContactsByContactInfo(Phone, …)`: a contact with that phone (digits compared). */
const contactByPhone = (state: PortalState, phone: string) =>
  [...state.contacts.values()].find(
    (c) =>
      state.maySeeContact(c) &&
      (c as { commonData?: { infoType: number; data: string }[] }).commonData?.some(
        (info) => info.infoType === 0 && digitsOf(info.data) === digitsOf(phone),
      ),
  );

/** `VoipEngine.CreateContact` / `CreatePerson`: a private person named after the number (VoipEngine.cs:256-281). */
function personFor(state: PortalState, phone: string): FullContact {
  const id = state.nextId();
  const number = phone.replace(/^\+/, "");
  const person = {
    id,
    displayName: number,
    isCompany: false,
    isPrivate: true,
    isShared: false,
    shareType: 0,
    currency: null,
    canEdit: true,
    canDelete: true,
    smallFotoUrl: `/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid=${id}&isc=False&ps=1`,
    mediumFotoUrl: `/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid=${id}&isc=False&ps=2`,
    accessList: [{ ...state.me }],
    createBy: { ...state.me },
    created: state.now(),
    about: "",
    industry: "",
    addresses: [],
    commonData: [
      {
        id: state.nextId(),
        infoType: 0,
        category: 1,
        data: number,
        categoryName: "Work",
        isPrimary: true,
      },
    ],
    customFields: [],
    haveLateTasks: false,
    firstName: number,
    lastName: "",
    title: "",
  } as unknown as FullContact;
  state.contacts.set(id, person);
  return person;
}

const callRoute = "voip/call/(?<callId>\\w+)";
const numberRoute = "voip/numbers/(?<numberId>\\w+)";

/** Answer/reject: the call, then the user's number (VO:703-730); Twilio dequeues, or nothing. */
const queueAction =
  (): Route[2] =>
  ({ state, args }) => {
    const found = getCall(state, args.string("callId"));
    if (!found) throw notFound();
    if (!currentNumber(state)) throw notFound();
    return { value: callWire(state, found.call, found.legs, null) };
  };

export const voipRoutes: Route[] = [
  // Literal routes first: a portal registers them before `{numberId:\w+}` (ApiRouteRegistrator.cs:40).
  [
    "GET",
    "voip/numbers/available",
    ({ state, args }) => {
      admin(state); // VO:65
      const type = enumArg(args, "numberType", ["Local", "TollFree"]) ?? 0;
      const country = args.string("isoCountryCode");
      if (!country) throw badArgument(); // VO:67
      provider(state); // VO:68
      const [local, tollFree] = FOR_SALE[country] ?? [[], []];
      const owned = new Set(state.voip.account.map((n) => n.number));
      return {
        value: (type === 1 ? tollFree : local)
          .filter((n) => !owned.has(n))
          .map((n) => twilioPhone(null, n)),
      };
    },
  ],
  [
    "GET",
    "voip/numbers/unlinked",
    ({ state }) => {
      admin(state); // VO:84
      provider(state); // VO:86
      const stored = numbers(state);
      return {
        value: state.voip.account
          .filter((n) => stored.every((s) => s.id !== n.id))
          .map((n) => twilioPhone(n.id, n.number)),
      };
    },
  ],
  [
    "GET",
    "voip/numbers/existing",
    ({ state }) => {
      admin(state); // VO:105
      return { value: numbers(state).map((n) => phoneWire(state, n)) };
    },
  ],
  [
    "GET",
    "voip/numbers/current",
    ({ state }) => {
      const number = currentNumber(state); // VO:234
      if (!number) throw notFound();
      return { value: phoneWire(state, number) };
    },
  ],
  [
    "GET",
    "voip/numbers/settings",
    ({ state }) => {
      admin(state); // VO:373
      // The first number with a queue, as stored (seconds), or the default queue (VO:376-385).
      const number = numbers(state).find((n) => n.settings.queue);
      if (number) {
        return { value: { queue: { ...number.settings.queue }, pause: number.settings.pause } };
      }
      const music = state.voip.uploads.find((u) => u.isDefault && u.audioType === 3);
      return {
        value: {
          queue: {
            id: null,
            name: "Default",
            size: 5,
            waitUrl: music ? audioUrl(3, music.name, true) : "",
            waitTime: 5,
          },
          pause: false,
        },
      };
    },
  ],
  [
    "PUT",
    "voip/numbers/settings",
    ({ state, args }) => {
      admin(state); // VO:324
      const pause = args.bool("pause") ?? false;
      const size = args.int("queue[size]");
      const waitTime = args.int("queue[waitTime]");
      const waitUrl = args.string("queue[waitUrl]");
      // `queue` is null without any `queue[…]` key, and then nothing is saved (VO:329).
      const sent = ["size", "waitTime", "waitUrl", "id", "name"].some(
        (key) => args.string(`queue[${key}]`) !== undefined,
      );
      if (sent) {
        for (const number of numbers(state)) {
          const queue = number.settings.queue;
          if (queue?.id) {
            // Empty or 0 keeps the old value; the minutes are stored ×60 (VO:345-348).
            if (size) queue.size = size;
            if (waitTime) queue.waitTime = waitTime * 60;
            if (waitUrl) queue.waitUrl = waitUrl;
          }
          number.settings.pause = pause; // VO:351
        }
      }
      return {
        value: {
          queue: sent
            ? {
                id: args.string("queue[id]") ?? null,
                name: args.string("queue[name]") ?? null,
                size,
                waitUrl: waitUrl ?? null,
                waitTime,
              }
            : null,
          pause,
        },
      };
    },
  ],
  [
    "GET",
    "voip/token",
    ({ state }) => {
      provider(state); // the provider first: no keys, a 400 (VO:247)
      const number = currentNumber(state);
      if (!number) throw notFound(); // GetCurrentNumber
      const caller = number.settings.operators.find((o) => o.id === state.me.id)!;
      // A JWT-shaped token for the caller's client (TwilioProvider.cs:201-210); not a real one.
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      return {
        value: `${part({ typ: "JWT", alg: "HS256" })}.${part({ scope: `scope:client:incoming?clientName=${caller.clientID}` })}.fake`,
      };
    },
  ],
  [
    "GET",
    "voip/uploads",
    ({ state }) => {
      admin(state); // VO:400
      // Per audio type: the tenant's uploads, then the defaults (VO:404-422).
      const value = [0, 1, 2, 3].flatMap((type) =>
        [false, true].flatMap((isDefault) =>
          state.voip.uploads
            .filter((u) => u.audioType === type && u.isDefault === isDefault)
            .map((u) => ({
              path: audioUrl(type, u.name, isDefault),
              name: u.name,
              audioType: type,
              isDefault,
            })),
        ),
      );
      return {
        value: value.map(({ name, path, audioType, isDefault }) => ({
          name,
          path,
          audioType,
          isDefault,
        })),
      };
    },
  ],
  [
    "DELETE",
    "voip/uploads",
    ({ state, args }) => {
      admin(state); // VO:453
      const type = enumArg(args, "audioType", ["Greeting", "HoldUp", "VoiceMail", "Queue"]) ?? 0;
      const name = args.string("fileName") ?? "";
      const result = { name, path: audioUrl(type, name, false), audioType: type, isDefault: false };
      const index = state.voip.uploads.findIndex(
        (u) => !u.isDefault && u.audioType === type && u.name === name,
      );
      if (index < 0) throw notFound(); // VO:464
      state.voip.uploads.splice(index, 1);
      // Numbers that used it get the default of its type, only when there is one (VO:470-505).
      const fallback = state.voip.uploads.find((u) => u.isDefault && u.audioType === type);
      if (fallback) {
        const to = audioUrl(type, fallback.name, true);
        for (const number of numbers(state)) {
          const s = number.settings;
          if (type === 0 && s.greetingAudio === result.path) s.greetingAudio = to;
          if (type === 1 && s.holdAudio === result.path) s.holdAudio = to;
          if (type === 2 && s.voiceMail === result.path) s.voiceMail = to;
          if (type === 3 && s.queue?.waitUrl === result.path) s.queue.waitUrl = to;
        }
      }
      return { value: result };
    },
  ],
  [
    "PUT",
    "voip/opers/(?<operatorId>[^/]+)",
    ({ state, args }) => {
      const operatorId = guidOf(args.string("operatorId")); // a Guid route value
      if (!state.admin && !state.voip.admin && operatorId !== state.me.id) throw accessDenied();
      const number = numbers(state).find((n) =>
        n.settings.operators.some((o) => o.id === operatorId),
      );
      if (!number) throw notFound(); // VO:620
      const oper = number.settings.operators.find((o) => o.id === operatorId)!;
      const status = enumArg(args, "status", ["Online", "Paused", "Offline"]);
      const answer = enumArg(args, "answerType", ["Number", "Sip", "Client"]);
      const outgoing = args.bool("allowOutgoingCalls");
      const record = args.bool("record");
      const redirect = args.string("redirectToNumber");
      if (status !== undefined) oper.status = status as Agent["status"];
      // ANDed with the number's own settings (VO:632-640).
      if (outgoing !== undefined)
        oper.allowOutgoingCalls = number.settings.allowOutgoingCalls && outgoing;
      if (record !== undefined) oper.record = number.settings.record && record;
      if (answer !== undefined) oper.answer = answer as Agent["answer"];
      if (redirect) oper.redirectToNumber = redirect; // cannot be cleared (VO:647)
      return { value: { ...oper } };
    },
  ],
  [
    "POST",
    "voip/numbers",
    ({ state, args }) => {
      admin(state); // VO:122
      provider(state); // VO:124
      const number = args.string("number") ?? "";
      // Twilio sells only a number that is for sale (else its ApiException, a 500).
      const forSale = Object.values(FOR_SALE).flat(2);
      if (!forSale.includes(number) || state.voip.account.some((n) => n.number === number)) {
        throw serverError(`The requested phone number ${number.slice(0, 20)} is not available`);
      }
      const id = sid("PN", state.voip.account.length + 1);
      state.voip.account.push({ id, number });
      return { value: phoneWire(state, link(state, id, number)) };
    },
  ],
  [
    "POST",
    "voip/numbers/link",
    ({ state, args }) => {
      admin(state); // VO:146
      provider(state); // VO:148
      const id = args.string("id");
      const found = state.voip.account.find((n) => n.id === id);
      if (!found) throw serverError("The requested resource was not found"); // Twilio's 404
      return { value: phoneWire(state, link(state, found.id, found.number)) };
    },
  ],
  [
    "DELETE",
    numberRoute,
    ({ state, args }) => {
      admin(state); // VO:195
      const number = findNumber(state, args.string("numberId"));
      if (!number) throw notFound(); // VO:198
      // `DisablePhone` points the voice URL at Twilio's demo; the number stays bought (VO:200).
      state.voip.numbers = state.voip.numbers.filter((n) => n !== number);
      return { value: phoneWire(state, number) };
    },
  ],
  [
    "GET",
    numberRoute,
    ({ state, args }) => {
      const number = findNumber(state, args.string("numberId")); // VO:220, not admin-only
      if (!number) throw notFound();
      return { value: phoneWire(state, number) };
    },
  ],
  [
    "PUT",
    `${numberRoute}/settings`,
    ({ state, args }) => {
      admin(state); // VO:272
      const number = findNumber(state, args.string("numberId"));
      if (!number) throw notFound(); // VO:275
      const s = number.settings;
      // Empty strings keep the old value (`Update.IfNotEmptyAndNotEquals`, VO:277-286).
      const keep = (old: string, given: string | undefined) => (given ? given : old);
      number.alias = keep(number.alias ?? "", args.string("alias")) || number.alias;
      s.greetingAudio = keep(s.greetingAudio, args.string("greeting"));
      s.holdAudio = keep(s.holdAudio, args.string("holdUp"));
      s.voiceMail = keep(s.voiceMail, args.string("voiceMail"));
      const wait = args.string("wait");
      if (wait && s.queue) s.queue.waitUrl = wait;
      // Any `workingHours[…]` key makes a new object that replaces the stored one (VO:281).
      if (["enabled", "from", "to"].some((k) => args.string(`workingHours[${k}]`) !== undefined)) {
        s.workingHours = {
          enabled: args.bool("workingHours[enabled]") ?? false,
          from: args.string("workingHours[from]") || null,
          to: args.string("workingHours[to]") || null,
        };
      }
      const outgoing = args.bool("allowOutgoingCalls");
      if (outgoing !== undefined) {
        s.allowOutgoingCalls = outgoing;
        if (!outgoing) s.operators.forEach((o) => (o.allowOutgoingCalls = false)); // VO:291-294
      }
      const record = args.bool("record");
      if (record !== undefined) {
        s.record = record;
        if (!record) s.operators.forEach((o) => (o.record = false)); // VO:300-303
      }
      return { value: phoneWire(state, number) };
    },
  ],
  [
    "GET",
    `${numberRoute}/oper`,
    ({ state, args }) => {
      const number = findNumber(state, args.string("numberId"));
      if (!number) throw nullReference(); // `GetNumber(…).Settings` of null (VO:527)
      return { value: number.settings.operators.map((o) => o.id) };
    },
  ],
  [
    "PUT",
    `${numberRoute}/oper`,
    ({ state, args }) => {
      admin(state); // VO:546
      const operators = args.guids("operators");
      const taken = numbers(state).flatMap((n) => n.settings.operators.map((o) => o.id));
      if (operators.some((o) => taken.includes(o))) {
        throw badArgument("Duplicate\r\nParameter name: operators"); // VO:548-551
      }
      const number = findNumber(state, args.string("numberId"));
      if (!number) throw nullReference(); // VO:555
      const last = number.settings.operators.at(-1);
      let postFix = last ? Number(last.postFix) + 1 : 100;
      const added = operators.map((o) =>
        agent(
          o,
          number.number,
          String(postFix++),
          number.settings.allowOutgoingCalls,
          number.settings.record,
        ),
      );
      number.settings.operators.push(...added);
      return { value: structuredClone(added) };
    },
  ],
  [
    "DELETE",
    `${numberRoute}/oper`,
    ({ state, args }) => {
      admin(state); // VO:579
      const oper = guidOf(args.string("oper"));
      const number = findNumber(state, args.string("numberId"));
      if (!number) throw nullReference(); // VO:583
      // The rest are renumbered from 100: their client IDs change (VO:586-592).
      number.settings.operators = number.settings.operators
        .filter((o) => o.id !== oper)
        .map((o, i) => ({
          ...o,
          phoneNumber: number.number,
          postFix: String(100 + i),
          clientID: `${number.number}${100 + i}`,
        }));
      return { value: oper };
    },
  ],
  [
    "GET",
    "voip/call/missed",
    ({ state }) => {
      // The user's missed calls of the last 7 days not older than the latest non-missed call
      // with the same number, at most 10, in no defined order (VoipDao.cs:212-240).
      const since = Date.now() - 7 * 1440 * MINUTE;
      const calls = state.voip.calls.filter((c) => {
        if (c.status !== 3 || c.answeredBy !== state.me.id || c.dialDate < since) return false;
        const latest = Math.max(
          ...state.voip.calls
            .filter(
              (o) => o.status !== null && o.status < 3 && (o.from === c.from || o.to === c.from),
            )
            .map((o) => o.dialDate),
        );
        return c.dialDate >= latest;
      });
      const value = calls
        .slice(0, 10)
        .map((c) => callWire(state, c, [], sparseContact(state, c.contactId)));
      return { value, paginated: true, total: value.length };
    },
  ],
  [
    "GET",
    "voip/call",
    ({ state, args, paging }) => {
      const type = { answered: 2, missed: 3, outgoing: 1 }[args.string("callType") ?? ""]; // case-sensitive
      const from = args.string("from");
      const to = args.string("to");
      const agentId = args.string("agent");
      const contactId = args.string("contactID");
      const fromTime = from ? instant(from) : undefined;
      const toTime = to ? instant(to) + 1440 * MINUTE - 1 : undefined; // VO:886
      // Every row matches the filter, legs included (VoipDao.cs:242-282).
      let rows = state.voip.calls.filter(
        (c) =>
          (type === undefined || c.status === type) &&
          (fromTime === undefined || c.dialDate >= fromTime) &&
          (toTime === undefined || c.dialDate <= toTime) &&
          (!agentId || c.answeredBy === agentId.toLowerCase()) &&
          (!contactId || c.contactId === Number(contactId)) &&
          (!paging.filterValue || c.id.startsWith(paging.filterValue)),
      );
      // GROUP BY id orders by id; a known sortBy (case-sensitive) orders by its column (VoIPCallFilter.cs:52-60).
      rows = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const column = { date: "dialDate", duration: "dialDuration", price: "price" }[
        paging.sortBy ?? ""
      ] as "dialDate" | "dialDuration" | "price" | undefined;
      if (column) {
        const sign = paging.descending ? -1 : 1;
        rows.sort((a, b) => sign * (a[column] - b[column]));
      }
      const total = rows.filter((c) => c.parentId === "").length; // VoipDao.cs:201-210
      // Paged by raw rows, legs included: OFFSET startIndex LIMIT 3 × (count + 1), then the legs
      // in the window are folded into their calls and the legs dropped (VoipDao.cs:170-194).
      const window = rows.slice(paging.startIndex, paging.startIndex + 3 * (paging.count + 1));
      const value = window
        .filter((c) => c.parentId === "")
        .map((c) =>
          callWire(
            state,
            c,
            window.filter((leg) => leg.parentId === c.id),
            sparseContact(state, c.contactId),
          ),
        );
      return { value, paginated: true, total };
    },
  ],
  [
    "POST",
    "voip/call",
    ({ state, args }) => {
      const number = currentNumber(state); // VO:675
      if (!number) throw notFound();
      const caller = number.settings.operators.find((o) => o.id === state.me.id)!;
      if (!caller.allowOutgoingCalls) throw accessDenied(); // VO:676
      const to = args.string("to");
      if (to === undefined) throw nullReference(); // `to.TrimStart` (VO:678)
      const contactIdText = args.string("contactId");
      let contact: FullContact | undefined;
      if (contactIdText) {
        if (!/^\d+$/.test(contactIdText))
          throw serverError("Input string was not in a correct format.");
        const id = Number(contactIdText);
        if (id <= 0) throw badArgument(); // GetContactByID(0)
        contact = state.visibleContact(id);
        if (!contact) throw notFound();
      } else {
        contact = contactByPhone(state, to) ?? personFor(state, to);
      }
      // The simulated provider dials nobody: it logs the call as the portal's callback would.
      const row: VoipCallRow = {
        id: `CA${String(state.nextId()).padStart(32, "0")}`,
        parentId: "",
        from: `+${number.number}`,
        to,
        answeredBy: state.me.id,
        dialDate: Date.now(),
        dialDuration: 0,
        status: 1,
        price: 0,
        contactId: contact.id,
        recordUrl: null,
        recordDuration: 0,
        recordPrice: 0,
      };
      state.voip.calls.push(row);
      return { value: callWire(state, row, [], structuredClone(contact)) };
    },
  ],
  ["POST", `${callRoute}/answer`, queueAction()],
  ["POST", `${callRoute}/reject`, queueAction()],
  [
    "POST",
    `${callRoute}/redirect`,
    ({ state, args }) => {
      const found = getCall(state, args.string("callId"));
      if (!found) throw notFound(); // VO:746
      if (!currentNumber(state)) throw notFound(); // VO:747
      const to = args.string("to") ?? "";
      const contact = found.call.contactId ? state.contacts.get(found.call.contactId) : undefined;
      if (found.call.contactId) {
        // `Guid.Parse(to)`: a FormatException, a 500; the user joins the access list (VO:749-759).
        if (!/^[\da-f]{8}-([\da-f]{4}-){3}[\da-f]{12}$/i.test(to.trim())) {
          throw serverError(
            "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
          );
        }
        if (contact?.isPrivate) {
          const list = (contact.accessList ??= []);
          if (!list.some((u) => u.id === to.toLowerCase())) list.push(state.user(to.toLowerCase()));
        }
      }
      return { value: callWire(state, found.call, found.legs, null) };
    },
  ],
  [
    "POST",
    "voip/price/(?<callId>\\w+)",
    () => {
      // Queued: the portal polls Twilio for the price in the background and logs a history
      // event; the simulated provider has nothing to fetch (VO:856-860, VoipEngine.cs:186-239).
      return { value: undefined };
    },
  ],
  [
    "GET",
    callRoute,
    ({ state, args }) => {
      const found = getCall(state, args.string("callId"));
      if (!found) throw nullReference(); // `call.ContactId` of null (VO:978)
      const { call, legs } = found;
      // With no contact stored, one is looked up by phone (not saved) (VO:978).
      const contactId =
        call.contactId || contactByPhone(state, call.status === 1 ? call.to : call.from)?.id || 0;
      if (!contactId) return { value: callWire(state, call, legs, null) };
      const contact = fullContact(state, contactId);
      if (!contact) throw notFound();
      return { value: callWire(state, call, legs, contact) };
    },
  ],
  [
    "POST",
    callRoute,
    ({ state, args }) => {
      // An upsert with no access check (VO:780-845).
      const callId = args.string("callId")!;
      const found = getCall(state, callId);
      const call: VoipCallRow = found?.call ?? {
        id: callId,
        parentId: "",
        from: "",
        to: "",
        answeredBy: EMPTY_GUID,
        dialDate: Date.now(),
        dialDuration: 0,
        status: null,
        price: 0,
        contactId: 0,
        recordUrl: null,
        recordDuration: 0,
        recordPrice: 0,
      };
      const from = args.string("from");
      const to = args.string("to");
      if (from) call.from = from;
      if (to) call.to = to;
      const answeredBy = args.string("answeredBy");
      if (answeredBy) call.answeredBy = guidOf(answeredBy);
      if (!call.from || !call.to) throw serverError("Column 'number_from' cannot be null"); // NOT NULL
      if (call.contactId === 0) {
        // The phone is chosen from the stored status (VO:796); a new call's is null: `to`.
        const phone = call.status === 0 || call.status === 2 ? call.from : call.to;
        const given = args.string("contactId");
        call.contactId = given
          ? Number(given) || 0
          : (contactByPhone(state, phone)?.id ?? personFor(state, phone).id);
      }
      const status = enumArg(args, "status", ["Incoming", "Outcoming", "Answered", "Missed"]);
      if (status !== undefined) call.status = status as VoipCallRow["status"];
      const price = args.string("price");
      if (call.price === 0 && price !== undefined && price !== "") call.price = Number(price); // VO:825
      if (!found) state.voip.calls.push(call);
      const legs = found?.legs ?? [];
      const contact = call.contactId ? state.visibleContact(call.contactId) : undefined;
      return { value: callWire(state, call, legs, contact ? structuredClone(contact) : null) };
    },
  ],
];

/** `LinkNumber`/`BuyNumber`: a queue, the default audio, then a `REPLACE` with fresh settings (VO:124-155). */
function link(state: PortalState, id: string, number: string): VoipNumberRow {
  const digits = number.replace(/^\+/, "");
  const byType = (type: number) => {
    const found = state.voip.uploads.find((u) => u.isDefault && u.audioType === type);
    return found ? audioUrl(type, found.name, true) : "";
  };
  const row: VoipNumberRow = {
    id,
    number: digits,
    alias: null,
    settings: {
      ...newSettings(),
      // `CreateQueue(number, 5, "", 5)`: a wait time of 5, in the seconds the queue is read in
      // (TwilioProvider.cs:99-102, TwilioResponseHelper.cs:108).
      queue: { id: `QU${digits}`, name: digits, size: 5, waitUrl: byType(3), waitTime: 5 },
      greetingAudio: byType(0),
      holdAudio: byType(1),
      voiceMail: byType(2),
    },
  };
  state.voip.numbers = [...state.voip.numbers.filter((n) => n.id !== id), row];
  return row;
}
