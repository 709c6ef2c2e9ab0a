// Telephony (Twilio through the portal): the queue settings of the portal's numbers and the
// caller's token. Without Twilio keys a portal answers 400 `accountSid`: a VoipNotConfiguredError.
import { voipOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { BadRequestError } from "../core/errors";
import { checkWhole, flag, wrongType, type Check } from "../core/guards";
import { hooks } from "../core/hooks";
import type { RequestOptions } from "../core/options";
import {
  applyArg,
  type Area,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";

export type VoipQueueSettings = components["schemas"]["VoipQueueSettings"];
export type VoipQueue = components["schemas"]["VoipQueue"];

/** The portal has no Twilio keys (its "Twilio" third-party consumer is empty). */
export class VoipNotConfiguredError extends BadRequestError {
  override name = "VoipNotConfiguredError";
  constructor(cause: BadRequestError) {
    super({ status: 400, portalMessage: cause.portalMessage, hresult: cause.hresult });
    this.message =
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
}

const minutes: Check<number> = (name, value) => checkWhole(name, value, 1, 24 * 60);
const url: Check<string> = (name, value) => {
  if (typeof value !== "string" || !/^https?:\/\//.test(value)) {
    throw wrongType(name, "an http(s) URL", value);
  }
  return value;
};

const settings: Shape = {
  name: "changes",
  fields: {
    size: ["size", (name, value) => checkWhole(name, value, 1, 1000)],
    waitUrl: ["waitUrl", url],
    waitTime: ["waitTime", minutes],
    pause: ["pause", flag],
  },
  rule: (written) => {
    if (!Object.keys(written).length) throw new RangeError("changes is empty: nothing to set");
  },
};

/**
 * The portal reads `queue[…]` and `pause`, and saves `pause` only with a queue: the settings as
 * they are (in minutes) are read first and sent whole, with `changes` over them.
 */
const settingsChanges: ReadFirst = async (value, wire, call) => {
  const given: Wire = {};
  void applyArg(settings, value, given, call); // refused before anything is sent, the read included
  const now = await (call.crm as VoipMethods).getVoipSettings(call.options);
  const { pause = now.pause, ...queue } = given;
  wire.queue = {
    size: now.queue.size,
    waitTime: now.queue.waitTime,
    ...(now.queue.waitUrl && { waitUrl: now.queue.waitUrl }),
    ...queue,
  };
  wire.pause = pause;
};

export const voipLines = {
  getVoipSettings: [],
  updateVoipSettings: [settingsChanges],
  getVoipToken: [],
} satisfies LinesFor<typeof voipOperations, VoipMethods>;

/** The stored seconds back to minutes (the default queue's 5 is already minutes: none stored). */
const inMinutes = (answer: VoipQueueSettings): VoipQueueSettings => {
  const { waitTime } = answer.queue;
  if (waitTime === undefined || !answer.queue.id) return answer;
  return { ...answer, queue: { ...answer.queue, waitTime: Math.round(waitTime / 60) } };
};

/** A 400 that names `accountSid`: the portal has no Twilio keys. */
const notConfigured = (error: unknown) =>
  error instanceof BadRequestError && /accountSid/.test(error.portalMessage ?? "")
    ? new VoipNotConfiguredError(error)
    : undefined;

/** Telephony: pass it to `createCrmClientFor`. */
export const voip: Area<VoipMethods> = {
  operations: voipOperations,
  lines: voipLines,
  hooks,
  after: { getVoipSettings: inMinutes as never },
  errors: {
    getVoipSettings: notConfigured,
    updateVoipSettings: notConfigured,
    getVoipToken: notConfigured,
  },
};
