// The fake portal's Tags controller: `{entityType}/tag/{entityid}`, `{entityType}/tag`,
// `POST` and `DELETE {entityType}/{entityid}/tag` for cases, contacts and deals; creating and
// deleting tags, batches by IDs and by filter, and a company's group. Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.Tag.cs unless named;
// `Dao/` = web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { Route } from "../core/routes";
import type { PortalState } from "../core/state";
import { accessDenied, badArgument, notFound, serverError, type Args } from "../core/wire";
import { matchingCases } from "./cases";
import { apiDate, instant } from "./contacts";
import { matchingDeals } from "./deals";

const type = "(?<entityType>contact|opportunity|case)";
const entity = `${type}/(?<entityid>[0-9]+)`;

/** `trim(lower(title))`, how the DAO matches a name (Dao/TagDao.cs:53-62). */
const key = (title: string) => title.trim().toLowerCase();

/** The entity's title check with access (CRMApi.cs:87-111), and for a contact the edit check. */
function entityOf(
  state: PortalState,
  args: Args,
  edit: boolean,
  id = args.int("entityid"),
): string {
  const entityType = args.string("entityType")!;
  if (entityType === "case") {
    const c = state.cases.get(id);
    if (!c || !state.mayRead(c)) throw notFound();
  } else if (entityType === "opportunity") {
    const d = state.deals.get(id);
    if (!d || !(d.accessList === null || d.accessList.includes(state.me.id))) throw notFound();
  } else {
    const contact = state.visibleContact(id);
    if (!contact) throw notFound();
    if (edit && !contact.canEdit) throw accessDenied(); // :368, :525
  }
  return `${entityType}:${id}`;
}

/** `AddTagToEntity`: the tag (created if new) linked to `target` (Dao/TagDao.cs:293-312, 408-416). */
function addTagTo(state: PortalState, target: string, tagName: string): void {
  // CorrectTag trims and drops line breaks; a blank one is an ArgumentException.
  const corrected = tagName.trim().replace(/\r\n|\n|\r/g, "");
  if (!corrected) throw badArgument();
  const known = titles(state, target.split(":")[0]!);
  // An existing tag of any letter case is reused, with its spelling; else a new one.
  let title = known.find((existing) => key(existing) === corrected.toLowerCase());
  if (!title) known.push((title = corrected));
  const linked = state.tagsOf(target);
  if (!linked.includes(title)) state.tags.set(target, [...linked, title]); // insert-or-replace
}

/** A company and its people the user may see; for a person, its company's group (:394-468). */
function group(state: PortalState, args: Args): number[] {
  const id = args.int("entityid");
  const tagName = args.string("tagName");
  if (id <= 0 || !tagName) throw badArgument();
  const contact = state.contacts.get(id);
  if (!contact || !state.maySeeContact(contact)) throw notFound();
  const asCompany = args.string("entityType") === "company";
  // A plain Exception: 500 (:405-406).
  if (asCompany !== contact.isCompany)
    throw serverError(asCompany ? "Contact is not a company" : "Contact is not a person");
  const companyId = contact.isCompany ? id : (contact.company?.id ?? 0);
  const company = companyId ? state.visibleContact(companyId) : undefined;
  if (!company) return [id];
  const people = [...state.contacts.values()].filter(
    (p) => !p.isCompany && p.company?.id === companyId && state.maySeeContact(p),
  );
  return [companyId, ...people.map((p) => p.id)];
}

/** The tags of one entity type, as `crm_tag` holds them. */
function titles(state: PortalState, entityType: string): string[] {
  let found = state.tagTitles.get(entityType);
  if (!found) state.tagTitles.set(entityType, (found = []));
  return found;
}

export const tagRoutes: Route[] = [
  [
    "GET",
    `${type}/tag/(?<entityid>[0-9]+)`,
    ({ state, args }) => {
      if (args.int("entityid") <= 0) throw badArgument(); // :53
      // In no particular order (Dao/TagDao.cs:145-155).
      return { value: [...state.tagsOf(entityOf(state, args, false))] };
    },
  ],
  [
    "GET",
    `${type}/tag`,
    ({ state, args }) => {
      // Every tag with its number of links, any entity's, hidden ones included (:145-166,
      // Dao/TagDao.cs:103-115); a count of 0 is left out; by name ignoring case.
      const entityType = args.string("entityType")!;
      const counts = new Map<string, number>();
      for (const [entity, tags] of state.tags) {
        if (!entity.startsWith(`${entityType}:`)) continue;
        for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
      const upper = (title: string) => title.trim().toUpperCase(); // OrdinalIgnoreCase
      const value = [...titles(state, entityType)]
        .sort((a, b) => (upper(a) < upper(b) ? -1 : upper(a) > upper(b) ? 1 : 0))
        .map((title) => ({
          title,
          ...(counts.get(title) && { relativeItemsCount: counts.get(title) }),
        }));
      return { value };
    },
  ],
  [
    "POST",
    `${entity}/tag`,
    ({ state, args }) => {
      const tagName = args.string("tagName");
      if (args.int("entityid") <= 0 || !tagName) throw badArgument(); // :362
      addTagTo(state, entityOf(state, args, true), tagName);
      return { value: tagName }; // the name as sent, not as stored (:375)
    },
  ],
  [
    "DELETE",
    `${entity}/tag`,
    ({ state, args }) => {
      const tagName = args.string("tagName"); // the query string, for a DELETE
      if (args.int("entityid") <= 0 || !tagName) throw badArgument(); // :519
      const target = entityOf(state, args, true);
      // 404 only when no tag of that name exists for the type at all (:527, Dao/TagDao.cs:45-51).
      const title = titles(state, target.split(":")[0]!).find((t) => key(t) === key(tagName));
      if (title === undefined) throw notFound();
      state.tags.set(
        target,
        state.tagsOf(target).filter((t) => t !== title),
      ); // the tag itself stays (Dao/TagDao.cs:181-199)
      return { value: tagName };
    },
  ],
  [
    "GET",
    "contact/(?<contactid>[0-9]+)/tag",
    ({ state, args }) => {
      const id = args.int("contactid");
      if (id <= 0) throw badArgument(); // :96
      if (!state.visibleContact(id)) throw notFound();
      return { value: [...state.tagsOf(`contact:${id}`)] };
    },
  ],
  [
    "POST",
    `${type}/tag`,
    ({ state, args }) => {
      const tagName = args.string("tagName");
      if (!tagName) throw badArgument(); // :119
      const corrected = tagName.trim().replace(/\r\n|\n|\r/g, "");
      if (!corrected) throw badArgument("Value cannot be null."); // ArgumentNullException
      const known = titles(state, args.string("entityType")!);
      // A repeat is an ArgumentException (Dao/TagDao.cs:236-253).
      if (known.some((t) => key(t) === key(corrected)))
        throw badArgument("Tag with this name already exists");
      known.push(corrected);
      return { value: tagName };
    },
  ],
  [
    "DELETE",
    `${type}/tag/unused`,
    ({ state, args }) => {
      if (!state.admin) throw accessDenied(); // admins only (:333)
      // The tags of the type that no record carries, deleted; their names (Dao/TagDao.cs:158-234).
      const entityType = args.string("entityType")!;
      const linked = [...state.tags]
        .filter(([target]) => target.startsWith(`${entityType}:`))
        .flatMap(([, tags]) => tags);
      const known = titles(state, entityType);
      const unused = known.filter((title) => !linked.includes(title));
      state.tagTitles.set(
        entityType,
        known.filter((title) => linked.includes(title)),
      );
      return { value: unused };
    },
  ],
  [
    "DELETE",
    `${type}/tag`,
    ({ state, args }) => {
      const tagName = args.string("tagName");
      if (!tagName) throw badArgument(); // :486
      const entityType = args.string("entityType")!;
      const known = titles(state, entityType);
      const title = known.find((t) => key(t) === key(tagName));
      if (title === undefined) throw notFound(); // :490
      // From every entity of the type, hidden ones too, then the tag itself (Dao/TagDao.cs:174-199).
      for (const [target, linked] of state.tags) {
        if (target.startsWith(`${entityType}:`))
          state.tags.set(
            target,
            linked.filter((t) => t !== title),
          );
      }
      known.splice(known.indexOf(title), 1);
      return { value: tagName };
    },
  ],
  [
    "POST",
    `${type}/taglist`,
    ({ state, args }) => {
      const ids = args.ints("entityid");
      if (!ids.length) throw badArgument(); // :180
      const tagName = args.string("tagName");
      // One after the other, as AddTagTo: a failure leaves the ones before it tagged (:183-186).
      for (const id of ids) {
        if (id <= 0 || !tagName) throw badArgument();
        const target = entityOf(state, args, true, id);
        addTagTo(state, target, tagName);
      }
      return { value: tagName };
    },
  ],
  [
    "POST",
    "contact/filter/taglist",
    ({ state, args, paging }) => {
      const tagName = args.string("tagName") ?? "";
      // Status and type filter when ≥ 0; missing is 0: only contacts with none (ContactDao.cs:721-724).
      const status = args.int("contactStage");
      const kind = args.int("contactType");
      const view = args.int("contactListView");
      const tags = args.strings("tags").map(key);
      const words = paging.filterValue?.trim().toLowerCase().split(/ +/).filter(Boolean) ?? [];
      // Created from `fromDate` to `toDate` + 1 day − 1 minute, either alone too (ContactDao.cs:726-731).
      const [from, to] = ["fromDate", "toDate"].map((n) => apiDate(args, n, state.offsetMinutes));
      const inRange = (created: number) =>
        (from === undefined || created >= from) &&
        (to === undefined || created <= to + 1439 * 60_000);
      const found = [...state.contacts.values()].filter((c) => {
        const statusId = (c as { contactStatus?: { id: number } }).contactStatus?.id ?? 0;
        const typeId = (c as { contactTypeId?: number }).contactTypeId ?? 0;
        const name = c.displayName.toLowerCase();
        return (
          state.maySeeContact(c) &&
          c.canEdit &&
          (status < 0 || statusId === status) &&
          (kind < 0 || typeId === kind) &&
          (view !== 1 || c.isCompany) &&
          (view !== 2 || !c.isCompany) &&
          (view !== 3 || [...state.deals.values()].some((d) => d.members.includes(c.id))) &&
          tags.every((t) => state.tagsOf(`contact:${c.id}`).map(key).includes(t)) &&
          inRange(instant(c.created)) &&
          words.every((w) => name.startsWith(w) || name.includes(` ${w}`))
        );
      });
      for (const c of found) addTagTo(state, `contact:${c.id}`, tagName);
      return { value: tagName };
    },
  ],
  [
    "POST",
    "opportunity/filter/taglist",
    ({ state, args, paging }) => {
      const tagName = args.string("tagName") ?? "";
      // No filter: every deal the user may read (:259-288).
      for (const d of matchingDeals(state, args, paging))
        addTagTo(state, `opportunity:${d.id}`, tagName);
      return { value: tagName };
    },
  ],
  [
    "POST",
    "case/filter/taglist",
    ({ state, args, paging }) => {
      const tagName = args.string("tagName") ?? "";
      const found = matchingCases(state, args, paging);
      if (!found.length) return { value: tagName }; // no match: the tag is not looked at (:311)
      for (const c of found) addTagTo(state, `case:${c.id}`, tagName);
      return { value: tagName };
    },
  ],
  [
    "POST",
    "(?<entityType>company|person)/(?<entityid>[0-9]+)/tag/group",
    ({ state, args }) => {
      const tagName = args.string("tagName")!;
      for (const id of group(state, args)) addTagTo(state, `contact:${id}`, tagName);
      return { value: tagName };
    },
  ],
  [
    "DELETE",
    "(?<entityType>company|person)/(?<entityid>[0-9]+)/tag/group",
    ({ state, args }) => {
      const tagName = args.string("tagName")!;
      const ids = group(state, args);
      const title = titles(state, "contact").find((t) => key(t) === key(tagName ?? ""));
      if (title === undefined) throw badArgument(); // an unknown tag (Dao/TagDao.cs:356-357)
      for (const id of ids)
        state.tags.set(
          `contact:${id}`,
          state.tagsOf(`contact:${id}`).filter((t) => t !== title),
        );
      return { value: tagName };
    },
  ],
];
