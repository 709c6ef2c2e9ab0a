// The fake portal's VoIP: the routes of `CRMApi.Voip.cs` (module/ASC.Api/ASC.Api.CRM/) that it
// serves. By default a portal without Twilio keys: building the provider throws
// `ArgumentNullException("accountSid")`, a 400 (module/ASC.VoipService/Twilio/TwilioProvider.cs:45-54).
import type { Route } from "../core/routes";
import type { PortalState } from "../core/state";
import { accessDenied, badArgument, notFound } from "../core/wire";

/** A simulated provider: one number, +1 555 0100, with a queue stored in seconds. */
export function seedVoip(state: PortalState, options: { admin?: boolean; twilio?: boolean }): void {
  state.voip.admin = options.admin ?? false;
  state.voip.twilio = options.twilio ?? false;
  if (state.voip.twilio) {
    state.voip.queue = { id: "QU0001", name: "15550100", size: 5, waitUrl: "", waitTime: 300 };
  }
}

const noKeys = () => badArgument("Value cannot be null.\r\nParameter name: accountSid");
const admin = (state: PortalState) => {
  if (!state.admin && !state.voip.admin) throw accessDenied(); // CRMSecurity.IsAdmin
};

export const voipRoutes: Route[] = [
  [
    "GET",
    "voip/numbers/settings",
    ({ state }) => {
      admin(state); // :373
      const { queue, pause } = state.voip;
      // The first number's queue as stored (seconds), or the default queue (:376-385).
      if (queue) return { value: { queue: { ...queue }, pause } };
      return {
        value: {
          queue: { id: null, name: "Default", size: 5, waitUrl: "", waitTime: 5 },
          pause: false,
        },
      };
    },
  ],
  [
    "PUT",
    "voip/numbers/settings",
    ({ state, args }) => {
      admin(state); // :324
      const pause = args.bool("pause") ?? false;
      const size = args.int("queue[size]");
      const waitTime = args.int("queue[waitTime]");
      const waitUrl = args.string("queue[waitUrl]");
      const sent = [size, waitTime, waitUrl].some((v) => v !== 0 && v !== undefined);
      // `pause` is saved only with a queue, and only on numbers: none without keys (:329-357).
      if (sent && state.voip.queue) {
        const queue = state.voip.queue;
        if (size) queue.size = size;
        if (waitTime) queue.waitTime = waitTime * 60; // stored in seconds
        if (waitUrl) queue.waitUrl = waitUrl;
        state.voip.pause = pause;
      }
      return {
        value: {
          queue: sent ? { id: null, name: null, size, waitUrl: waitUrl ?? null, waitTime } : null,
          pause,
        },
      };
    },
  ],
  [
    "GET",
    "voip/token",
    ({ state }) => {
      // The provider is built first: no keys, a 400 (:247, CRMApiBase.cs:50-53).
      if (!state.voip.twilio) throw noKeys();
      throw notFound(); // the user is an operator of no number (GetCurrentNumber)
    },
  ],
];
