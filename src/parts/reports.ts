// Reports: checked, built by the portal's document builder, polled, listed and deleted. Only for
// administrators of a portal with a document builder: a 403 says which two things to check.
import { reportsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { OnlyofficeError, PermissionDeniedError } from "../core/errors";
import { hooks } from "../core/hooks";
import { sleep } from "../core/abort";
import { id, userIds } from "../core/guards";
import type { RequestOptions } from "../core/options";
import { checked, type Area, type Call, type LinesFor } from "../core/shapes";
import type { DocumentFile } from "./files";

export type ReportState = components["schemas"]["ReportState"];
export type ReportStatusAnswer = components["schemas"]["ReportStatusAnswer"];
export type ReportCheck = components["schemas"]["ReportCheck"];

const TYPES = {
  salesByManagers: 0,
  salesForecast: 1,
  salesFunnel: 2,
  workloadByContacts: 3,
  workloadByTasks: 4,
  workloadByDeals: 5,
  workloadByInvoices: 6,
  workloadByVoip: 7,
  summaryForThePeriod: 8,
  summaryAtThisMoment: 9,
} as const;
const PERIODS = {
  today: 0,
  yesterday: 1,
  tomorrow: 2,
  currentWeek: 3,
  previousWeek: 4,
  nextWeek: 5,
  currentMonth: 6,
  previousMonth: 7,
  nextMonth: 8,
  currentQuarter: 9,
  previousQuarter: 10,
  nextQuarter: 11,
  currentYear: 12,
  previousYear: 13,
  nextYear: 14,
  duringAllTime: 15,
} as const;

/** Which report, by the portal's enum name (`ReportType`). */
export type ReportType = keyof typeof TYPES;
/** Which period, by the portal's enum name (`ReportTimePeriod`). */
export type ReportPeriod = keyof typeof PERIODS;

/** The 403 of the report routes, which means one of two things. */
export class ReportsUnavailableError extends PermissionDeniedError {
  override name = "ReportsUnavailableError";
  constructor(cause: PermissionDeniedError) {
    super(cause); // its status, the portal's words and the call it names
    this.message =
      (cause.call ? `${cause.call}: ` : "") +
      "Reports are unavailable (HTTP 403): you are not a portal administrator, or the portal has " +
      "no document builder (Document Server's docbuilder URL)";
  }
}

/** A report that ended in the portal's failed state. */
export class ReportFailedError extends OnlyofficeError {
  override name = "ReportFailedError";
  constructor(readonly state: ReportState) {
    super(`The report failed: ${state.exception ?? "no reason given"}`);
  }
}

export interface WaitOptions extends RequestOptions {
  /** How often to ask; default 1500 ms (the portal's worker polls the builder every 1.5 s). */
  intervalMs?: number;
}

export interface ReportMethods {
  /** `POST report/check`: whether the report has data, and deal currencies with no rate. */
  checkReport(
    type: ReportType,
    period: ReportPeriod,
    managers?: string[],
    options?: RequestOptions,
  ): Promise<ReportCheck>;
  /** `POST report/generate`: queues the report; resolves to its state. Not retried after it may have run. */
  generateReport(
    type: ReportType,
    period: ReportPeriod,
    managers?: string[],
    options?: RequestOptions,
  ): Promise<ReportState>;
  /**
   * `GET report/status`: the state of your newest report, or `{}`. A finished or failed state is
   * handed out **once** (the portal forgets it as it answers): prefer `waitForReport`. Not
   * retried after it may have run, since a repeat would get `{}`.
   */
  getReportStatus(options?: RequestOptions): Promise<ReportStatusAnswer>;
  /** `GET report/terminate`: cancels your reports being built. */
  stopReport(options?: RequestOptions): Promise<void>;
  /** `GET report/files`: your report files, newest first (the first call makes sample files). */
  listReportFiles(options?: RequestOptions): Promise<DocumentFile[]>;
  /** `DELETE report/file/{fileid}`: deletes one of your report files from Documents. */
  deleteReportFile(fileId: number, options?: RequestOptions): Promise<void>;
  /**
   * Generates the report, polls its state and resolves to the finished state with its `fileId`
   * (kept, since the portal hands it out once). A failed report is a ReportFailedError; `signal`
   * stops the wait (no timer is left behind).
   */
  waitForReport(
    type: ReportType,
    period: ReportPeriod,
    managers?: string[],
    options?: WaitOptions,
  ): Promise<ReportState>;
}

const reportArgs = [
  ["type", "type", (name: string, value: unknown) => checked(name, value, TYPES)],
  ["period", "timePeriod", (name: string, value: unknown) => checked(name, value, PERIODS)],
  // Managers: user GUIDs; left out, everybody.
  [
    "managers",
    "managers",
    (name: string, value: unknown) => (value === undefined ? undefined : userIds(name, value)),
  ],
] as const;

export const reportLines = {
  checkReport: reportArgs,
  generateReport: reportArgs,
  getReportStatus: [],
  stopReport: [],
  listReportFiles: [],
  deleteReportFile: [["fileId", "fileid", id]],
} satisfies LinesFor<typeof reportsOperations, Omit<ReportMethods, "waitForReport">>;

/** The 403 of every report route names both causes. */
const unavailable = (error: unknown) =>
  error instanceof PermissionDeniedError ? new ReportsUnavailableError(error) : undefined;

async function waitForReport(
  { crm }: Call,
  type: unknown,
  period: unknown,
  managers?: unknown,
  options: WaitOptions = {},
): Promise<ReportState> {
  const { intervalMs = 1500, ...request } = options;
  // Checked before anything is sent.
  id("intervalMs", intervalMs); // the report's arguments: generateReport checks them first
  const reports = crm as ReportMethods;
  let state: ReportStatusAnswer = await reports.generateReport(
    type as ReportType,
    period as ReportPeriod,
    managers as string[] | undefined,
    request,
  );
  // Until done (2) or failed (3): the answer's check refuses any other status.
  while ((state as ReportState).status < 2) {
    await sleep(intervalMs, request.signal);
    state = await reports.getReportStatus(request);
    if (!("status" in state)) {
      throw new Error(
        "The report's state is gone: another poll took it (the portal hands it out once). " +
          "Look for the file with listReportFiles",
      );
    }
  }
  if ((state as ReportState).status === 3) throw new ReportFailedError(state as ReportState);
  return state as ReportState; // kept: the portal will not hand it out again
}

/** Reports: pass it to `createCrmClientFor`. */
export const reports: Area<ReportMethods> = {
  operations: reportsOperations,
  lines: reportLines,
  hooks,
  // Every line's 403 (waitForReport gets it through the lines it calls).
  errors: Object.fromEntries(Object.keys(reportLines).map((method) => [method, unavailable])),

  composites: { waitForReport: waitForReport as never },
};
