// The fake portal's People module, as far as a CRM client needs it: `GET people/@self`
// (module/ASC.Api/ASC.Employee/EmployeeApi.cs:106-110, `EmployeeWraperFull`). Paths here are
// below `/api/2.0/`, not `/api/2.0/crm/`.
import type { Route } from "../core/routes";

export const peopleRoutes: Route[] = [
  [
    "GET",
    "people/@self",
    ({ state }) => {
      const { me } = state;
      // EmployeeWraperFull (EmployeeWraperFull.cs:36-190): names HTML-encoded like displayName,
      // `EmitDefaultValue = false` members left out when empty, `terminated` null when active.
      const [firstName = "", ...rest] = me.displayName.split(" ");
      return {
        value: {
          id: me.id,
          userName: "anna.obrien",
          isVisitor: false,
          displayName: me.displayName,
          firstName,
          lastName: rest.join(" "),
          email: "anna.obrien@portal.example.com",
          status: 1,
          activationStatus: 1,
          terminated: null,
          ...(me.title && { title: me.title }),
          avatarSmall: me.avatarSmall,
          avatarMedium: me.avatarSmall,
          avatar: me.avatarSmall,
          isAdmin: false,
          isLDAP: false,
          isOwner: false,
          isSSO: false,
          profileUrl: me.profileUrl,
          quotaLimit: -1,
          usedSpace: 0,
          docsSpace: 0,
          mailSpace: 0,
          talkSpace: 0,
        },
      };
    },
  ],
];
