// The fake portal's contacts: the list form of a person or a company (`ToListContactWrapper`,
// module/ASC.Api/ASC.Api.CRM/CRMApi.Contacts.cs:2023-2195).
import type { FullContact, PortalState } from "./state";

/**
 * The list form: `tags` only when the contact has some, `addresses` left out when it has none,
 * and a person's `company` left out when the user may not see it.
 */
export function contactListForm(state: PortalState, contact: FullContact): FullContact {
  const { addresses, ...rest } = contact;
  const tags = state.tagsOf(`contact:${contact.id}`);
  const listed = {
    ...rest,
    ...(addresses?.length && { addresses }),
    ...(tags.length && { tags: [...tags].sort() }),
  } as FullContact;
  if (!listed.isCompany && listed.company && !state.visibleContact(listed.company.id)) {
    delete listed.company;
  }
  return listed;
}
