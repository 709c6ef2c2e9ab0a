// The fake portal's reports: the routes of `CRMApi.Reports.cs` (module/ASC.Api/ASC.Api.CRM/), with
// a job that runs for a moment and a finished state handed out once, as
// `DocbuilderReportsUtility` does (web/studio/ASC.Web.Studio/Products/Files/Services/
// DocumentService/DocbuilderReportsUtility.cs, `DRU` below).
import type { Route } from "../core/routes";
import type { PortalState } from "../core/state";
import { accessDenied, badArgument, PortalError } from "../core/wire";
import { CRM_FOLDER, fileForm } from "./files";

const NAMES = [
  "Sales by managers",
  "Sales forecast",
  "Sales funnel",
  "Workload by contacts",
  "Workload by tasks",
  "Workload by deals",
  "Workload by invoices",
  "Workload by VoIP",
  "Summary for the period",
  "Summary at this moment",
];

/** `Global.CanCreateReports`: an admin on a portal with a document builder, else 403 (Global.cs:134-140). */
function gate(state: PortalState): void {
  if (!state.reportBuilder) throw accessDenied();
}

/** The job moves on by the clock: queued, then done with a file, or failed (DRU:146, ReportHelper.cs:39-84). */
function advance(state: PortalState): void {
  const job = state.reportJob;
  if (!job || job.state.status === 2 || job.state.status === 3 || Date.now() < job.readyAt) return;
  if (job.fail) {
    Object.assign(job.state, { status: 3, exception: job.fail });
    return;
  }
  const id = state.newId(state.files);
  const title = `${job.state.fileName}`;
  state.files.set(id, {
    id,
    title,
    folderId: CRM_FOLDER,
    content: "xlsx",
    created: state.now(),
    createBy: state.me.id,
  });
  state.reportFiles.push(id);
  Object.assign(job.state, { status: 2, fileId: id });
}

export const reportRoutes: Route[] = [
  [
    "POST",
    "report/check",
    ({ state, args }) => {
      gate(state);
      const type = args.int("type");
      args.guids("managers");
      // Data when the type is known; no deal currency lacks a rate here (ReportHelper.cs:120-130).
      return { value: { hasData: type >= 0 && type <= 9, missingRates: type <= 2 ? [] : null } };
    },
  ],
  [
    "POST",
    "report/generate",
    ({ state, args }) => {
      gate(state);
      const type = args.int("type");
      args.int("timePeriod");
      if (type < 0 || type > 9) throw new PortalError(500, "ErrorNullReportData", -2146233088); // ReportHelper.cs:207-209
      // Every call starts a new job under the one ID of the user (DRU:229).
      const state0 = {
        id: `1_${state.me.id}_0`,
        fileName: `${NAMES[type]} (${new Date().toISOString().slice(0, 10)}).xlsx`,
        fileId: 0,
        reportType: type,
        exception: null,
        status: 0,
        origin: 0,
        obj: null,
      };
      const { runMs, fail } = state.reportBuilder!;
      state.reportJob = { state: state0, readyAt: Date.now() + runMs, fail };
      return { value: { ...state0 } };
    },
  ],
  [
    "GET",
    "report/status",
    ({ state }) => {
      gate(state);
      advance(state);
      const job = state.reportJob;
      if (!job) return { value: undefined }; // null: `{}`
      // A finished or failed job leaves the queue as it is read: handed out once (DRU:254-269).
      if (job.state.status === 2 || job.state.status === 3) state.reportJob = undefined;
      return { value: { ...job.state } };
    },
  ],
  [
    "GET",
    "report/terminate",
    ({ state }) => {
      gate(state);
      state.reportJob = undefined; // every CRM job of the user (DRU:241-252)
      return { value: undefined };
    },
  ],
  [
    "GET",
    "report/files",
    ({ state }) => {
      gate(state);
      advance(state);
      const files = state.reportFiles.flatMap((id) => state.files.get(id) ?? []);
      return { value: files.sort((a, b) => b.id - a.id).map((row) => fileForm(state, row)) };
    },
  ],
  [
    "DELETE",
    "report/file/(?<fileid>[0-9]+)",
    ({ state, args }) => {
      gate(state);
      const id = args.int("fileid");
      if (id < 0) throw badArgument();
      const at = state.reportFiles.indexOf(id);
      // Only the caller's own reports (ReportDao.cs:284-300).
      if (at < 0) throw new PortalError(404, "File not found", -2147467259);
      state.reportFiles.splice(at, 1);
      state.files.delete(id);
      return { value: undefined };
    },
  ],
];
