// The fake portal's Custom fields controller: `GET {entityType}/customfield/definitions` and
// `POST {entityType}/{entityid}/customfield/{fieldid}`. The fake portal defines fields for cases
// only. Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.CustomFields.cs unless named;
// `Dao/` = web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { Route } from "../core/routes";
import { serverError } from "../core/wire";

const type = "(?<entityType>contact|person|company|opportunity|case)";
/** A NullReferenceException's message: 500. */
const nullReference = () => serverError("Object reference not set to an instance of an object.");

export const customFieldRoutes: Route[] = [
  [
    "GET",
    `${type}/customfield/definitions`,
    ({ state, args }) => {
      // By position, with no value: entityId -1 and fieldValue " " (Dao/CustomFieldDao.cs:454-483),
      // and the number of values stored (Dao/CustomFieldDao.cs:369-383).
      const fields = args.string("entityType") === "case" ? state.caseFields : [];
      const value = [...fields]
        .sort((a, b) => a.position - b.position)
        .map((field) => ({
          ...field,
          entityId: -1,
          fieldValue: " ",
          relativeItemsCount: [...state.cases.values()].filter((c) =>
            c.customFields.some((f) => f.id === field.id && f.entityId === c.id),
          ).length,
        }));
      return { value };
    },
  ],
  [
    "POST",
    `${type}/(?<entityid>[0-9]+)/customfield/(?<fieldid>[0-9]+)`,
    ({ state, args }) => {
      // Any field of any type; an unknown one is null: `customField.EntityID = …` throws (:91-94).
      const field = state.caseFields.find((f) => f.id === args.int("fieldid"));
      const value = args.string("fieldValue");
      // A missing value: null.Trim() (Dao/CustomFieldDao.cs:70).
      if (!field || value === undefined) throw nullReference();
      const entityId = args.int("entityid");
      // No check that the entity exists, that the user may see or edit it, or that the field is
      // of its type: a value for a missing case, or on another type's entity, shows nowhere.
      const c = args.string("entityType") === "case" ? state.cases.get(entityId) : undefined;
      if (c) {
        // Stored trimmed; the old value is deleted and a non-empty one inserted
        // (Dao/CustomFieldDao.cs:65-108). A heading shows with no value row as entityId 0, "".
        const stored = value.trim();
        c.customFields = c.customFields.filter((f) => f.id !== field.id);
        if (stored || field.fieldType === 4) {
          c.customFields.push({ ...field, entityId: stored ? c.id : 0, fieldValue: stored });
        }
        c.customFields.sort((a, b) => a.position - b.position);
      }
      // The answer carries the value as sent, untrimmed (:96-99).
      return { value: { ...field, entityId, fieldValue: value } };
    },
  ],
];
