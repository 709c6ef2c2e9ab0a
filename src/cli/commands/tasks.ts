// The task commands: a record's tasks, and a task itself.
import type { Task } from "../../index";
import { table, when } from "../format";
import { idFlag, parseDate, UsageError, type Command } from "./shared";

const TASK_HEADER = ["ID", "STATUS", "DEADLINE", "CATEGORY", "TITLE"];

function taskRow(task: Task): (string | number)[] {
  return [
    task.id,
    task.isClosed ? "closed" : "open",
    when(task.deadLine),
    task.category?.title ?? "",
    task.title,
  ];
}

export const tasks: Command[] = [
  {
    name: "case tasks",
    args: [["id", "case ID"]],
    flags: { open: { type: "boolean", help: "only open tasks" } },
    help: "list a case's tasks, every page (--open: only open ones)",
    run: async (context) => {
      const filter = {
        caseId: context.args[0] as number,
        ...(context.flags.open && { isClosed: false }),
      };
      const rows: (string | number)[][] = [];
      for await (const task of context.crm().listTasks(filter, { pageSize: 1000 })) {
        if (context.flags.json) context.out(JSON.stringify(task));
        else rows.push(taskRow(task));
      }
      if (!context.flags.json) context.out(rows.length ? table(TASK_HEADER, rows) : "No tasks.");
    },
  },
  {
    name: "task create",
    args: [],
    flags: {
      case: { type: "string", value: "ID", help: "the case it belongs to" },
      title: { type: "string", value: "TEXT", help: "the title" },
      deadline: {
        type: "string",
        value: "DATE",
        help: "when it is due: 2025-06-30 or 2025-06-30T17:00:00Z",
      },
      category: { type: "string", value: "ID", help: "a history or task category" },
    },
    help: "create a task: --case ID --title T --deadline DATE --category ID",
    run: async (context) => {
      const { flags } = context;
      if (typeof flags.title !== "string") throw new UsageError("--title is required");
      const categoryId = idFlag(context, "category");
      if (categoryId === undefined)
        throw new UsageError("--category is required (`task categories` in the portal)");
      const deadline = parseDate(flags.deadline as string | undefined, "--deadline");
      const task = await context.crm().createTask({
        title: flags.title,
        deadline,
        categoryId,
        caseId: idFlag(context, "case"),
      });
      if (context.flags.json) return context.out(JSON.stringify(task, null, 2));
      context.out(`Created task ${task.id}.`);
      context.out(table(TASK_HEADER, [taskRow(task)]));
    },
  },
  {
    name: "task close",
    args: [["id", "task ID"]],
    help: "close a task (closing a closed task is fine)",
    run: async (context) => {
      const task = await context.crm().closeTask(context.args[0] as number);
      if (context.flags.json) return context.out(JSON.stringify(task, null, 2));
      context.out(`Closed task ${task.id}.`);
      context.out(table(TASK_HEADER, [taskRow(task)]));
    },
  },
];
