// Seed data for the fake portal, shaped exactly as a portal sends it (camelCase, integer enums,
// a private case with its access list, a member whose currency is null, a user without a title).
import type { components } from "../../generated/schema";

type Case = components["schemas"]["Case"];
type Employee = components["schemas"]["Employee"];

const avatar = "/skins/default/images/default_user_photo_size_32-32.png";
const profile = (user: string) =>
  `https://portal.example.com/Products/People/Profile.aspx?user=${user}`;

/** The portal user the fake portal's token belongs to. */
export const CURRENT_USER: Employee = {
  id: "9a4f1d2e-6b3c-4e8a-9f10-2c7d5b8e1a34",
  displayName: "Anna O&#39;Brien",
  title: "Support lead",
  avatarSmall: avatar,
  profileUrl: profile("anna.obrien"),
};

/** A user with no job title: the portal leaves `title` out. */
export const USER_WITHOUT_TITLE: Employee = {
  id: "0b1c2d3e-4f50-4617-8899-aabbccddeeff",
  displayName: "Carl Night",
  avatarSmall: avatar,
  profileUrl: profile("carl.night"),
};

/** Fresh copies of the seeded cases: 42 closed and private, 7 open and public, 99 private to someone else. */
export function seedCases(): Case[] {
  return [
    {
      id: 42,
      title: "Printer on floor 3 jams again",
      created: "2024-03-05T14:07:31.0000000+03:00",
      createBy: { ...CURRENT_USER },
      isClosed: true,
      isPrivate: true,
      canEdit: true,
      members: [
        {
          id: 7,
          displayName: "Contoso Ltd",
          isCompany: true,
          isPrivate: false,
          isShared: true,
          shareType: 1,
          currency: {
            title: "Euro",
            symbol: "€",
            abbreviation: "EUR",
            cultureName: "de-DE",
            isConvertable: true,
            isBasic: true,
          },
          canEdit: true,
          canDelete: false,
          smallFotoUrl: "/skins/default/images/empty_company_logo_21_21.png",
          mediumFotoUrl: "/skins/default/images/empty_company_logo_48_48.png",
        },
        {
          id: 8,
          displayName: "Ben Weber",
          isCompany: false,
          isPrivate: false,
          isShared: false,
          shareType: 0,
          currency: null,
          canEdit: true,
          canDelete: true,
          smallFotoUrl: "/skins/default/images/empty_people_logo_21_21.png",
          mediumFotoUrl: "/skins/default/images/empty_people_logo_42_42.png",
        },
      ],
      customFields: [
        {
          id: 3,
          entityId: 42,
          label: "Due",
          fieldValue: "2024-03-12T00:00:00.0000000+03:00",
          fieldType: 5,
          position: 0,
          mask: "",
        },
        {
          id: 4,
          entityId: 42,
          label: "On site",
          fieldValue: "true",
          fieldType: 3,
          position: 1,
          mask: "",
        },
      ],
      accessList: [{ ...CURRENT_USER }, { ...USER_WITHOUT_TITLE }],
    },
    {
      id: 7,
      title: "Onboarding call for Fabrikam",
      created: "2023-11-20T09:15:00.0000000Z",
      createBy: { ...USER_WITHOUT_TITLE },
      isClosed: false,
      isPrivate: false,
      canEdit: true,
      members: [],
      customFields: [],
    },
    {
      id: 99,
      title: "Salary review",
      created: "2024-01-02T08:00:00.0000000+03:00",
      createBy: { ...USER_WITHOUT_TITLE },
      isClosed: true,
      isPrivate: true,
      canEdit: false,
      members: [],
      customFields: [],
      accessList: [{ ...USER_WITHOUT_TITLE }],
    },
  ];
}
