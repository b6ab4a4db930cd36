import { fromMembersApi, type MemberInfo } from '../members/member-info';
import { readSampleJson, readSampleText } from './sample-files';

type Item = { value: Record<string, unknown> };

/**
 * Every member the bundled files name (685): every sitting MP from the June 2026 MP list (name, party,
 * constituency, region, local authorities), the askers the interests dataset names (name only: most have left the
 * Commons), and the Members API responses (which add the list name, party colour and thumbnail). The sample
 * source's members, and the fallback for names the live source does not give.
 */
export function loadSampleMembers(): MemberInfo[] {
  cached ??= readSampleMembers();
  return cached.map((member) => ({ ...member, localAuthorities: [...member.localAuthorities] }));
}

let cached: MemberInfo[] | undefined;

const blank = (id: number, name: string): MemberInfo => ({
  id,
  name,
  listAs: null,
  party: null,
  partyAbbreviation: null,
  partyColour: null,
  house: 'Commons',
  memberFrom: null,
  thumbnailUrl: null,
  region: null,
  localAuthorities: [],
});

function readSampleMembers(): MemberInfo[] {
  const members = new Map<number, MemberInfo>();
  // Askers who declared an interest; every one asked in the Commons, so each was an MP then.
  for (const row of readSampleJson('interests') as { askingMemberId?: unknown; person_name?: unknown }[]) {
    const name = typeof row.person_name === 'string' ? row.person_name.trim() : '';
    if (typeof row.askingMemberId === 'number' && name)
      members.set(row.askingMemberId, blank(row.askingMemberId, name));
  }
  for (const mp of currentMps()) members.set(mp.id, mp);
  const fromApi = [
    ...(readSampleJson('corbynMembersIndex') as Item[]).map((item) =>
      fromMembersApi(item.value?.answeringMember as never),
    ),
    ...(readSampleJson('membersSearch') as { items: Item[] }).items.map((item) => fromMembersApi(item.value as never)),
  ];
  for (const info of fromApi) {
    if (!info) continue;
    const known = members.get(info.id);
    // The Members API's own record wins; the MP list's region and local authorities stay.
    members.set(info.id, {
      ...info,
      region: known?.region ?? null,
      localAuthorities: known?.localAuthorities ?? [],
      memberFrom: info.memberFrom ?? known?.memberFrom ?? null,
    });
  }
  return [...members.values()];
}

/** The bundled MP list (dfe-analytical-services/mp-lookup, built from the Members API): one MP per constituency. */
function currentMps(): MemberInfo[] {
  const [header, ...rows] = parseCsv(readSampleText('currentMps'));
  const column = (name: string) => header!.indexOf(name);
  const [id, name, party, constituency, region, authorities] = [
    'member_id',
    'display_as',
    'party_text',
    'pcon_name',
    'region_name',
    'lad_names',
  ].map(column);
  return rows.flatMap((row) => {
    const memberId = Number(row[id!]);
    const display = row[name!]?.trim();
    if (!Number.isInteger(memberId) || !display) return [];
    const text = (at: number | undefined) => row[at!]?.trim() || null;
    return [
      {
        ...blank(memberId, display),
        party: text(party),
        memberFrom: text(constituency),
        region: text(region),
        // "Hart / Rushmoor": the list joins a constituency's local authorities with " / ".
        localAuthorities: (text(authorities) ?? '')
          .split(' / ')
          .map((a) => a.trim())
          .filter(Boolean),
      },
    ];
  });
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
