// The report commands: build a report with the portal's document builder, and wait for its file.
import type { ReportPeriod, ReportType } from "../../index";
import { plain } from "../format";
import type { Command } from "./shared";

export const reports: Command[] = [
  {
    name: "report generate",
    args: [
      ["text", "TYPE", "e.g. salesFunnel, workloadByTasks"],
      ["text", "PERIOD", "e.g. currentMonth, duringAllTime"],
    ],
    flags: {
      wait: { type: "boolean", help: "wait until it is built, and print its file" },
    },
    help: "build a report (TYPE and PERIOD by the portal's names); --wait prints its file",
    details:
      "Types: salesByManagers, salesForecast, salesFunnel, workloadByContacts, workloadByTasks, " +
      "workloadByDeals, workloadByInvoices, workloadByVoip, summaryForThePeriod, " +
      "summaryAtThisMoment. Periods: today, yesterday, tomorrow, currentWeek, previousWeek, " +
      "nextWeek, currentMonth, previousMonth, nextMonth, currentQuarter, previousQuarter, " +
      "nextQuarter, currentYear, previousYear, nextYear, duringAllTime. Only a portal " +
      "administrator, on a portal with a document builder, can build reports.",
    run: async (context) => {
      const crm = context.crm();
      const [type, period] = context.args as [ReportType, ReportPeriod];
      if (!context.flags.wait) {
        const state = await crm.generateReport(type, period);
        if (context.flags.json) return context.out(JSON.stringify(state, null, 2));
        return context.out(
          `Queued the report ${plain(state.fileName)}: its file comes in the report files ` +
            "(or run with --wait).",
        );
      }
      const state = await crm.waitForReport(type, period);
      // The finished state is handed out once: the file is read by its ID, from Documents.
      const file = await crm.getDocumentsFile(state.fileId);
      if (context.flags.json) return context.out(JSON.stringify({ state, file }, null, 2));
      context.out(`Report ready: ${plain(file.title)} (file ${file.id})`);
      // The portal's URLs are root-relative.
      if (file.viewUrl) context.out(new URL(file.viewUrl, context.url()).href);
    },
  },
];
