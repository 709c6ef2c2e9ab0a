// The fake portal's Tags controller: `{entityType}/tag/{entityid}`, `{entityType}/tag`,
// `POST` and `DELETE {entityType}/{entityid}/tag`, for cases and contacts (the fake portal holds
// no opportunities). Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.Tag.cs unless named;
// `Dao/` = web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { Route } from "../core/routes";
import type { PortalState } from "../core/state";
import { accessDenied, badArgument, notFound, type Args } from "../core/wire";

const type = "(?<entityType>contact|opportunity|case)";
const entity = `${type}/(?<entityid>[0-9]+)`;

/** `trim(lower(title))`, how the DAO matches a name (Dao/TagDao.cs:53-62). */
const key = (title: string) => title.trim().toLowerCase();

/** The entity's title check with access (CRMApi.cs:87-111), and for a contact the edit check. */
function entityOf(state: PortalState, args: Args, edit: boolean): string {
  const entityType = args.string("entityType")!;
  const id = args.int("entityid");
  if (entityType === "case") {
    const c = state.cases.get(id);
    if (!c || !state.mayRead(c)) throw notFound();
  } else {
    const contact = entityType === "contact" ? state.visibleContact(id) : undefined;
    if (!contact) throw notFound(); // and every opportunity: the fake portal has none
    if (edit && !contact.canEdit) throw accessDenied(); // :368, :525
  }
  return `${entityType}:${id}`;
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
      const target = entityOf(state, args, true);
      // CorrectTag trims and drops line breaks; a blank one is an ArgumentException
      // (Dao/TagDao.cs:293-312, 408-416).
      const corrected = tagName.trim().replace(/\r\n|\n|\r/g, "");
      if (!corrected) throw badArgument();
      const known = titles(state, target.split(":")[0]!);
      // An existing tag of any letter case is reused, with its spelling; else a new one.
      let title = known.find((existing) => key(existing) === corrected.toLowerCase());
      if (!title) known.push((title = corrected));
      const linked = state.tagsOf(target);
      if (!linked.includes(title)) state.tags.set(target, [...linked, title]); // insert-or-replace
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
];
