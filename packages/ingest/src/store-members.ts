import { Prisma, type Db } from '@alerts/db';
import type { MemberInfo } from '@alerts/sources';

export interface StoreMembersOptions {
  /**
   * The members are a fallback (the bundled list, behind a live source): add the members we hold no row for, and
   * fill in only what a row lacks, so they never overwrite what the Members API said.
   */
  fallback?: boolean;
}

/**
 * Upsert member details into the cache table in one statement. Returns how many rows were written. Region and local
 * authorities, which only the bundled MP list gives, survive an update from a source that has none.
 */
export async function storeMembers(db: Db, members: MemberInfo[], options: StoreMembersOptions = {}): Promise<number> {
  const unique = [...new Map(members.map((m) => [m.id, m])).values()];
  if (!unique.length) return 0;
  const col = <K extends keyof MemberInfo>(key: K) => unique.map((m) => m[key]);
  // Postgres arrays of arrays must be rectangular, so each member's local authorities travel as one JSON text.
  const authorities = unique.map((m) => JSON.stringify(m.localAuthorities));
  const rows = Prisma.sql`
    INSERT INTO "Member" (id, name, "listAs", party, "partyAbbreviation", "partyColour", house, "memberFrom", "thumbnailUrl", region, "localAuthorities", "updatedAt")
    SELECT id, name, "listAs", party, abbr, colour, house::"House", "from", thumb, region, ARRAY(SELECT json_array_elements_text(authorities::json)), now()
    FROM unnest(${col('id')}::int[], ${col('name')}::text[], ${col('listAs')}::text[], ${col('party')}::text[],
                ${col('partyAbbreviation')}::text[], ${col('partyColour')}::text[], ${col('house')}::text[],
                ${col('memberFrom')}::text[], ${col('thumbnailUrl')}::text[], ${col('region')}::text[], ${authorities}::text[])
      AS m(id, name, "listAs", party, abbr, colour, house, "from", thumb, region, authorities)`;
  if (options.fallback) {
    return db.$executeRaw`${rows}
      ON CONFLICT (id) DO UPDATE SET
        "listAs" = COALESCE("Member"."listAs", EXCLUDED."listAs"), party = COALESCE("Member".party, EXCLUDED.party),
        house = COALESCE("Member".house, EXCLUDED.house), "memberFrom" = COALESCE("Member"."memberFrom", EXCLUDED."memberFrom"),
        region = COALESCE("Member".region, EXCLUDED.region),
        "localAuthorities" = CASE WHEN cardinality("Member"."localAuthorities") > 0 THEN "Member"."localAuthorities" ELSE EXCLUDED."localAuthorities" END,
        "updatedAt" = now()
      WHERE ("Member"."listAs" IS NULL AND EXCLUDED."listAs" IS NOT NULL) OR ("Member".party IS NULL AND EXCLUDED.party IS NOT NULL)
         OR ("Member".house IS NULL AND EXCLUDED.house IS NOT NULL) OR ("Member"."memberFrom" IS NULL AND EXCLUDED."memberFrom" IS NOT NULL)
         OR ("Member".region IS NULL AND EXCLUDED.region IS NOT NULL)
         OR (COALESCE(cardinality("Member"."localAuthorities"), 0) = 0 AND cardinality(EXCLUDED."localAuthorities") > 0)`;
  }
  return db.$executeRaw`${rows}
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, "listAs" = EXCLUDED."listAs", party = EXCLUDED.party,
      "partyAbbreviation" = EXCLUDED."partyAbbreviation", "partyColour" = EXCLUDED."partyColour",
      house = COALESCE(EXCLUDED.house, "Member".house), "memberFrom" = EXCLUDED."memberFrom",
      "thumbnailUrl" = EXCLUDED."thumbnailUrl", region = COALESCE(EXCLUDED.region, "Member".region),
      "localAuthorities" = CASE WHEN cardinality(EXCLUDED."localAuthorities") > 0 THEN EXCLUDED."localAuthorities" ELSE "Member"."localAuthorities" END,
      "updatedAt" = now()`;
}
