import type { Db } from '@alerts/db';
import type { MemberInfo } from '@alerts/sources';

/** Upsert member details into the cache table in one statement. Returns how many rows were written. */
export async function storeMembers(db: Db, members: MemberInfo[]): Promise<number> {
  const unique = [...new Map(members.map((m) => [m.id, m])).values()];
  if (!unique.length) return 0;
  const col = <K extends keyof MemberInfo>(key: K) => unique.map((m) => m[key]);
  return db.$executeRaw`
    INSERT INTO "Member" (id, name, "listAs", party, "partyAbbreviation", "partyColour", house, "memberFrom", "thumbnailUrl", "updatedAt")
    SELECT id, name, "listAs", party, abbr, colour, house::"House", "from", thumb, now()
    FROM unnest(${col('id')}::int[], ${col('name')}::text[], ${col('listAs')}::text[], ${col('party')}::text[],
                ${col('partyAbbreviation')}::text[], ${col('partyColour')}::text[], ${col('house')}::text[],
                ${col('memberFrom')}::text[], ${col('thumbnailUrl')}::text[])
      AS m(id, name, "listAs", party, abbr, colour, house, "from", thumb)
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, "listAs" = EXCLUDED."listAs", party = EXCLUDED.party,
      "partyAbbreviation" = EXCLUDED."partyAbbreviation", "partyColour" = EXCLUDED."partyColour",
      house = COALESCE(EXCLUDED.house, "Member".house), "memberFrom" = EXCLUDED."memberFrom",
      "thumbnailUrl" = EXCLUDED."thumbnailUrl", "updatedAt" = now()`;
}
