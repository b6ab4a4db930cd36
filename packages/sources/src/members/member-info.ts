import type { ApiMemberViewModel } from '../api-record';

/** What we show about a member: "Alex Norris (Labour, Nottingham North and Kimberley)". */
export interface MemberInfo {
  id: number;
  name: string;
  listAs: string | null;
  party: string | null;
  partyAbbreviation: string | null;
  partyColour: string | null;
  house: 'Commons' | 'Lords' | null;
  /** The constituency for an MP, "Life peer" and the like for a peer. */
  memberFrom: string | null;
  thumbnailUrl: string | null;
  /** The constituency's region or nation ("South East", "Scotland"), where the bundled MP list gives it. */
  region: string | null;
  /** Local authorities the constituency lies in, where the bundled MP list gives them. */
  localAuthorities: string[];
}

/** From the Questions API's MemberViewModel (present when a request sets `expandMember=true`). */
export function fromMemberViewModel(member: ApiMemberViewModel, house: 'Commons' | 'Lords' | null): MemberInfo | null {
  if (!member.name) return null;
  return {
    id: member.id,
    name: member.name,
    listAs: member.listAs ?? null,
    party: member.party ?? null,
    partyAbbreviation: member.partyAbbreviation ?? null,
    partyColour: member.partyColour ?? null,
    house,
    memberFrom: member.memberFrom ?? null,
    thumbnailUrl: member.thumbnailUrl ?? null,
    region: null,
    localAuthorities: [],
  };
}

interface MembersApiMember {
  id?: unknown;
  nameDisplayAs?: unknown;
  nameListAs?: unknown;
  latestParty?: { name?: unknown; abbreviation?: unknown; backgroundColour?: unknown } | null;
  latestHouseMembership?: { house?: unknown; membershipFrom?: unknown } | null;
  thumbnailUrl?: unknown;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** From a Members API member (`/api/Members/{id}` value, Search items). Returns null when it has no id or name. */
export function fromMembersApi(member: MembersApiMember | null | undefined): MemberInfo | null {
  if (!member || typeof member.id !== 'number') return null;
  const name = str(member.nameDisplayAs);
  if (!name) return null;
  const house = member.latestHouseMembership?.house;
  return {
    id: member.id,
    name,
    listAs: str(member.nameListAs),
    party: str(member.latestParty?.name),
    partyAbbreviation: str(member.latestParty?.abbreviation),
    partyColour: str(member.latestParty?.backgroundColour),
    house: house === 1 ? 'Commons' : house === 2 ? 'Lords' : null,
    memberFrom: str(member.latestHouseMembership?.membershipFrom),
    thumbnailUrl: str(member.thumbnailUrl),
    region: null,
    localAuthorities: [],
  };
}
