// The fake portal's remaining Contacts routes: a contact's photo upload, its links to projects,
// the quick lists with each contact's next task (`contact/simple/…`) and the mass mail
// (`contact/mailsmtp/…`), which progresses and finishes without sending anything. Line numbers
// are of module/ASC.Api/ASC.Api.CRM/CRMApi.Contacts.cs unless named; `Dao/` =
// web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/, `MailSender.cs` = …/CRM/Utils/MailSender.cs.
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import { shortForm, type FullContact, type PortalState } from "../core/state";
import { PortalError, accessDenied, badArgument, notFound, type Args } from "../core/wire";
import {
  contactListForm,
  matching,
  photoPath,
  readable,
  setPhoto,
  SORTS,
  sortOf,
} from "./contacts";
import { categoryForm, mayRead } from "./tasks";

type ContactWithTask = components["schemas"]["ContactWithTask"];
type TaskBase = components["schemas"]["TaskBase"];

/** A Projects module project: who may link contacts to it (`ProjectSecurity.CanLinkContact`). */
interface Project {
  title: string;
  canLink: boolean;
}

/** What the routes here keep besides the shared state: projects and the mail job. */
interface Extras {
  /** Projects 1 (the user may change it) and 2 (they may not); links in `state.projectLinks`. */
  projects: Map<number, Project>;
  mail?: MailJob;
  /** `MailSenderDataCache.SetCancelFlag`: stops the next job, for a minute (MailSender.cs:502-505). */
  cancelUntil: number;
}

/** One mass-mail job (`SendBatchEmailsOperation`), timed by the wall clock. */
interface MailJob {
  started: number;
  /** The first 50 contact IDs (MailSender.cs:561-564). */
  recipients: number[];
  /** Each recipient's first primary e-mail, or undefined: skipped (MailSender.cs:223-235). */
  emails: (string | undefined)[];
  subject: string;
  storeInHistory: boolean;
  /** How many recipients the job has gone through. */
  done: number;
  cancelled: boolean;
}

/** The fake portal "sends" one mail every 20 ms; a finished job is cached a minute (MailSender.cs:486-489). */
const MAIL_STEP_MS = 20;
const CACHE_MS = 60_000;

const extras = new WeakMap<PortalState, Extras>();
function extrasOf(state: PortalState): Extras {
  let found = extras.get(state);
  if (!found) {
    found = {
      projects: new Map([
        [1, { title: "Website relaunch", canLink: true }],
        [2, { title: "Office move", canLink: false }],
      ]),
      cancelUntil: 0,
    };
    extras.set(state, found);
  }
  return found;
}

/** The open task with the smallest ID the user may read, by contact (Dao/TaskDao.cs:679-703). */
function firstOpenTask(state: PortalState, contactId: number): TaskBase | undefined {
  const row = [...state.tasks.values()]
    .filter((t) => t.contactId === contactId && !t.isClosed)
    .sort((a, b) => a.id - b.id)[0];
  if (!row || !mayRead(state, row)) return undefined; // MIN(id) first, the access check after
  const category = state.listItems.get(row.categoryId);
  // TaskBaseWrapper (Wrappers/TaskWrapper.cs:121-129): empty and default members left out.
  return {
    id: row.id,
    title: row.title,
    ...(row.description && { description: row.description }),
    deadLine: row.deadline,
    ...(row.alertValue && { alertValue: row.alertValue }),
    responsible: state.user(row.responsibleId),
    ...(row.categoryId > 0 && category && { category: categoryForm(category) }),
  };
}

/**
 * `ToSimpleListContactWrapper` (:1857-2021): the quick form (no custom fields, tags, addresses,
 * status, task count or persons count; `haveLateTasks` false), a person's company only when the
 * user may see it, and the contact's first open task.
 */
function withTask(state: PortalState, contact: FullContact): ContactWithTask {
  const {
    addresses: _a,
    customFields: _f,
    tags: _t,
    taskCount: _c,
    contactStatus: _s,
    ...quick
  } = contactListForm(state, contact);
  delete (quick as { personsCount?: number }).personsCount;
  const task = firstOpenTask(state, contact.id);
  return {
    contact: { ...quick, haveLateTasks: false } as ContactWithTask["contact"],
    ...(task && { task }),
  };
}

/** The project's link check: missing is a 404, no right to change it a 403 (:119-125). */
function linkable(state: PortalState, args: Args): [number, Project] {
  const projectId = args.int("projectid");
  const project = extrasOf(state).projects.get(projectId);
  if (!project) throw notFound();
  if (!project.canLink) throw accessDenied();
  return [projectId, project];
}

/** The multipart body's first file part: its content type and bytes (from `raw` when sent). */
function firstFile(
  contentType: string,
  body: string,
  raw?: Uint8Array,
): { type: string; bytes: Uint8Array } | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  // latin1: one character per byte, so the file's bytes come back exact.
  const text = raw ? Buffer.from(raw).toString("latin1") : body;
  for (const part of text.split(`--${boundary}`).slice(1, -1)) {
    const [head = "", ...rest] = part.replace(/^\r\n/, "").split("\r\n\r\n");
    if (!/filename=/i.test(head)) continue;
    const type = /content-type:\s*([^\r\n;]+)/i.exec(head)?.[1]?.trim() ?? "";
    const content = rest.join("\r\n\r\n").replace(/\r\n$/, "");
    return { type, bytes: Buffer.from(content, raw ? "latin1" : "utf8") };
  }
  return undefined;
}

/** Goes through the recipients due by now, writing history events when asked (MailSender.cs:211-300). */
function advance(state: PortalState, job: MailJob): void {
  const due = job.cancelled
    ? job.done
    : Math.min(job.recipients.length, Math.floor((Date.now() - job.started) / MAIL_STEP_MS));
  for (; job.done < due; job.done++) {
    const contactId = job.recipients[job.done]!;
    if (job.storeInHistory && valid(job.emails[job.done])) {
      // AddToHistory (MailSender.cs:117-150): the category whose icon is the e-mail one.
      const category = [...state.listItems.values()].find(
        (item) => item.listType === 3 && item.icon === "event_category_email.png",
      );
      const id = state.newId(state.events);
      state.events.set(id, {
        id,
        contactId,
        entityType: "",
        entityId: 0,
        content: `ONLYOFFICE™ Mass Send Feature: "${job.subject}"`,
        categoryId: category?.id ?? 0,
        created: state.now(),
        createBy: state.me.id,
      });
    }
  }
}

const valid = (email: string | undefined): email is string =>
  email !== undefined && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);

/** The job as the serializer writes `SendBatchEmailsOperation` (every public property, camel-cased). */
function progress(state: PortalState, job: MailJob) {
  advance(state, job);
  const total = job.recipients.length;
  const handled = job.emails.slice(0, job.done);
  const deliveryCount = handled.filter(valid).length;
  const finished = job.done === total || job.cancelled;
  const left = Math.max(0, (total - job.done) * MAIL_STEP_MS);
  const invalid = handled.filter((e) => e !== undefined && !valid(e));
  return {
    id: 1, // the tenant's ID
    status: {
      recipientCount: total,
      // 0 before the first mail, then a TimeSpan string (MailSender.cs:110-115, :294-299).
      estimatedTime:
        job.done === 0 ? 0 : `00:00:${String((left / 1000).toFixed(7)).padStart(10, "0")}`,
      deliveryCount,
    },
    // null until the job runs, then "" and the invalid e-mails (MailSender.cs:212, :231-235).
    error: job.done === 0 ? null : invalid.map((e) => `Invalid email address: ${e}<br/>`).join(""),
    percentage: total ? Math.round((job.done * 100) / total) : 100,
    isCompleted: finished,
  };
}

/** The job the portal knows: running, or finished less than a minute ago; else undefined. */
function currentJob(state: PortalState): MailJob | undefined {
  const x = extrasOf(state);
  const job = x.mail;
  if (!job) return undefined;
  advance(state, job);
  const finishedAt = job.started + job.recipients.length * MAIL_STEP_MS;
  if ((job.done === job.recipients.length || job.cancelled) && Date.now() > finishedAt + CACHE_MS) {
    x.mail = undefined;
    return undefined;
  }
  return job;
}

export const contactExtraRoutes: Route[] = [
  [
    "PUT",
    "contact/(?<contactid>[0-9]+)/changephoto",
    ({ state, args, request }) => {
      const contact = readable(state, args, "contactid"); // read access suffices (:795-799)
      const file = firstFile(request.contentType, request.body, request.raw);
      if (!file) throw badArgument(); // :801-803
      if (!file.bytes.length || !file.type.startsWith("image/")) {
        throw new PortalError(403, "Invalid file", -2146233079); // :804-807
      }
      if (!/^image\/(png|jpeg)$/.test(file.type)) {
        // ContactPhotoManager.cs:625-637: a plain Exception for any other format.
        throw new PortalError(500, "Unsupported image format", -2146233088);
      }
      // Stored under the portal's name for it, served at that URL (ContactPhotoManager.cs:503).
      const stored = photoPath(contact.id);
      setPhoto(contact, stored);
      // Served as uploaded (a portal scales it to 200×200 first).
      state.stored.set(stored, { type: file.type, bytes: file.bytes });
      return { value: stored };
    },
  ],
  [
    "GET",
    "contact/project/(?<projectid>[0-9]+)",
    ({ state, args }) => {
      if (args.int("projectid") <= 0) throw badArgument(); // :95
      // Not checked to exist; hidden and deleted contacts left out (Dao/ContactDao.cs:999-1009).
      const linked = state.projectLinks.get(args.int("projectid")) ?? new Set<number>();
      const found = [...linked]
        .sort((a, b) => a - b)
        .flatMap((id) => state.visibleContact(id) ?? [])
        .map((c) => contactListForm(state, c));
      return { value: found };
    },
  ],
  [
    "POST",
    "contact/project/(?<projectid>[0-9]+)",
    ({ state, args }) => {
      const ids = args.ints("contactid");
      if (!ids.length || args.int("projectid") <= 0) throw badArgument(); // :155-160
      const [projectId] = linkable(state, args);
      // Unknown and hidden contacts dropped silently (:169-170); REPLACE INTO (idempotent).
      const contacts = [...new Set(ids)]
        .sort((a, b) => a - b)
        .flatMap((id) => state.visibleContact(id) ?? []);
      const set = state.projectLinks.get(projectId) ?? new Set<number>();
      for (const c of contacts) set.add(c.id);
      state.projectLinks.set(projectId, set);
      return { value: contacts }; // the single form (:178)
    },
  ],
  [
    "POST",
    "contact/(?<contactid>[0-9]+)/project/(?<projectid>[0-9]+)",
    ({ state, args }) => {
      if (args.int("projectid") <= 0) throw badArgument(); // :116
      const contact = readable(state, args, "contactid");
      const [projectId] = linkable(state, args);
      const links = state.projectLinks;
      links.set(projectId, (links.get(projectId) ?? new Set<number>()).add(contact.id));
      return { value: contact };
    },
  ],
  [
    "DELETE",
    "contact/(?<contactid>[0-9]+)/project/(?<projectid>[0-9]+)",
    ({ state, args }) => {
      if (args.int("projectid") <= 0) throw badArgument(); // :196
      const contact = readable(state, args, "contactid");
      const project = extrasOf(state).projects.get(args.int("projectid"));
      if (!project || !project.canLink) throw notFound(); // a 404 for both (:203-206)
      state.projectLinks.get(args.int("projectid"))?.delete(contact.id); // no link: fine
      return { value: shortForm(contact) };
    },
  ],
  [
    "GET",
    "contact/simple/filter",
    ({ state, args, paging }) => {
      const sort = sortOf(paging.sortBy);
      const found = matching(state, args, paging);
      const { startIndex, count } = paging;
      if (sort === null) {
        // Not a ContactSortedByType: unpaged, every contact (:481-496).
        return { value: found.map((c) => withTask(state, c)), total: startIndex + found.length };
      }
      // No sortBy: DisplayName ascending, whatever sortOrder says (:462-465).
      const descending = sort ? paging.descending : false;
      const order = sort ?? SORTS[0]!;
      found.sort((a, b) => (descending ? -1 : 1) * order(a, b) || a.id - b.id);
      const rows = found.slice(startIndex, startIndex + count + 1);
      // `total`: startIndex + the rows when fewer than count came, else a COUNT (:512-532).
      const total = rows.length < count ? startIndex + rows.length : found.length;
      return { value: rows.map((c) => withTask(state, c)), paginated: true, total };
    },
  ],
  [
    "GET",
    "contact/simple/byEmail",
    ({ state, args }) => {
      const term = (args.string("term") ?? "").toLowerCase();
      const max = args.int("maxCount"); // left out: 0
      if (!term || max <= 0) return { value: [] }; // Dao/ContactDao.cs:357-358
      // One row per e-mail whose `display_name + ' ' + data` contains the term, any case, in
      // the database's order; hidden contacts skipped; at most maxCount rows (:360-430).
      const rows: FullContact[] = [];
      for (const c of [...state.contacts.values()].sort((a, b) => a.id - b.id)) {
        for (const info of c.commonData) {
          if (rows.length >= max) break;
          if (info.infoType !== 1) continue;
          if (!`${c.displayName} ${info.data}`.toLowerCase().includes(term)) continue;
          if (state.maySeeContact(c)) rows.push(c);
        }
      }
      return { value: rows.map((c) => withTask(state, c)) };
    },
  ],
  [
    "POST",
    "contact/mailsmtp/send",
    ({ state, args }) => {
      const contactIds = args.ints("contactIds");
      const subject = args.string("subject") ?? "";
      const body = args.string("body") ?? "";
      if (!contactIds.length || !body) throw badArgument(); // :1751
      const x = extrasOf(state);
      // A job running or cached: that job's progress, this mail not queued (MailSender.cs:539-546).
      const running = currentJob(state);
      if (running) return { value: progress(state, running) };
      if (!subject) return { value: undefined }; // Start returns null: `{}` (MailSender.cs:555-558)
      const recipients = contactIds.slice(0, 50); // the quota (MailSender.cs:561-564)
      const job: MailJob = {
        started: Date.now(),
        recipients,
        // No read check on the contacts (MailSender.cs:218-224): the first primary e-mail (the fake sends nothing).
        emails: recipients.map(
          (id) =>
            state.contacts.get(id)?.commonData.find((i) => i.infoType === 1 && i.isPrimary)?.data,
        ),
        subject,
        storeInHistory: args.bool("storeInHistory") ?? false,
        done: 0,
        cancelled: false,
      };
      const answer = progress(state, job);
      // A cancel asked for while nothing ran stops this job after its first recipient and forgets it (MailSender.cs:302-307).
      if (x.cancelUntil > Date.now()) x.cancelUntil = 0;
      else x.mail = job;
      return { value: answer };
    },
  ],
  [
    "POST",
    "contact/mailsmtp/preview",
    ({ state, args }) => {
      const template = args.string("template") ?? "";
      const contactId = args.int("contactId");
      if (contactId === 0 || !template) throw badArgument(); // :1773
      const contact = state.contacts.get(contactId); // no access check (MailSender.cs:758-762)
      if (!contact) throw badArgument("Contact not found");
      return { value: applyTemplate(state, template, contact) };
    },
  ],
  [
    "GET",
    "contact/mailsmtp/status",
    ({ state }) => {
      const job = currentJob(state);
      return { value: job && progress(state, job) }; // `{}` when none (MailSender.cs:649-657)
    },
  ],
  [
    "PUT",
    "contact/mailsmtp/cancel",
    ({ state }) => {
      const x = extrasOf(state);
      const job = currentJob(state);
      const before = job && progress(state, job); // read before cancelling (:1807-1809)
      if (job && !job.cancelled && job.done < job.recipients.length) {
        job.cancelled = true; // removed from the queue and the cache reset (MailSender.cs:663-670)
        x.mail = undefined;
      } else {
        x.cancelUntil = Date.now() + CACHE_MS; // MailSender.cs:671-674
      }
      return { value: before };
    },
  ],
];

/**
 * `MailTemplateManager.Apply` (MailSender.cs:750-869) for the general tags and the e-mail and
 * phone: tags are `$(Person.First Name)` or `$(Company.Company Name)`, whichever the contact is;
 * unknown tags stay as written.
 */
function applyTemplate(state: PortalState, template: string, contact: FullContact): string {
  const person = contact.isCompany ? undefined : contact;
  const company = person?.company ? state.contacts.get(person.company.id) : undefined;
  const info = (type: number) => {
    const items = contact.commonData.filter((i) => i.infoType === type);
    return (items.find((i) => i.isPrimary) ?? items[0])?.data ?? "";
  };
  const values: Record<string, string> = {
    "First Name": person?.firstName ?? "",
    "Last Name": person?.lastName ?? "",
    "Job Title": person?.title ?? "",
    "Company Name": contact.isCompany ? contact.companyName : (company?.displayName ?? ""),
    Phone: info(0),
    Email: info(1),
  };
  return template.replace(/\$\((Person|Company)\.([^<>)]*)\)/g, (tag, _kind, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : tag,
  );
}
