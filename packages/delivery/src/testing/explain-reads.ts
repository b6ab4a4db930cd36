import type { SqlClient } from '@alerts/send-and-record';

// For tests that a statement reads no more than it keeps (not an alert's history, not every owed delivery):
// PostgreSQL's own count of the rows a statement read, from EXPLAIN ANALYZE of the very statement the code sends,
// under both plans a named statement can get.

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** What a test counts of each scan of the relation in a plan; explainingReads sums it over the plan. */
type ScanMeasure = (scan: PlanNode) => number;

/**
 * The plan's scans of `relation`. An UPDATE's ModifyTable node names the relation too, but what it touches is what its
 * scans below already read (and it returns), so it is not one.
 */
function* scansOf(node: PlanNode, relation: string): Generator<PlanNode> {
  if (node['Relation Name'] === relation && node['Node Type'] !== 'ModifyTable') yield node;
  for (const child of node.Plans ?? []) yield* scansOf(child, relation);
}

/** Rows a scan read: those it kept and those it fetched only to throw away, in every loop. */
const rowsRead: ScanMeasure = (scan) =>
  ((scan['Actual Rows'] ?? 0) + (scan['Rows Removed by Filter'] ?? 0) + (scan['Rows Removed by Index Recheck'] ?? 0)) *
  (scan['Actual Loops'] ?? 1);

/**
 * Times a scan looked into the relation (its loops), whether or not it found anything: a lookup done once per row of a
 * statement's result instead of once per statement shows here, not in rowsRead when it finds nothing.
 */
export const timesScanned: ScanMeasure = (scan) => scan['Actual Loops'] ?? 1;

/** An array element in PostgreSQL's array text form ("…", with quotes and backslashes escaped; NULL unquoted). */
function arrayElement(value: unknown): string {
  if (value === null) return 'NULL';
  if (value instanceof Date) return arrayElement(value.toISOString());
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`unexpected array element ${typeof value}`);
  const text = String(value);
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A parameter as an SQL literal (standard_conforming_strings is on); the statement's own casts type it. An array goes
 * as an untyped '{…}' literal, not ARRAY[…], so a cast to an array of an enum ($5::"DeliveryKind"[]) can take it.
 */
function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return literal(`{${value.map(arrayElement).join(',')}}`);
  if (value instanceof Date) return literal(value.toISOString());
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new Error(`unexpected parameter ${typeof value}`);
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A client that, before running each statement, has PostgreSQL run it under EXPLAIN ANALYZE as a prepared statement
 * with a custom plan and with a generic one (a named statement gets either), pushing onto `read` the rows of `relation`
 * (Match unless named) each read, or another `measure` of its scans of it. EXPLAIN ANALYZE executes the statement, so each probe
 * is rolled back: both plans are measured on the same rows, and a statement that writes (a claim, a lease) writes
 * once, when it runs for real.
 */
export function explainingReads(
  client: SqlClient,
  read: number[],
  relation = 'Match',
  measure: ScanMeasure = rowsRead,
): SqlClient {
  return {
    async query(statement) {
      const values = (statement.values ?? []).map(literal);
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await client.query({ text: 'BEGIN' });
        let prepared = false;
        try {
          await client.query({ text: `SET LOCAL plan_cache_mode = ${mode}` });
          await client.query({ text: `PREPARE probe AS ${statement.text}` });
          prepared = true;
          const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>({
            text: `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE probe(${values.join(', ')})`,
          });
          let total = 0;
          for (const scan of scansOf(rows[0]!['QUERY PLAN'][0]!.Plan, relation)) total += measure(scan);
          read.push(total);
        } finally {
          await client.query({ text: 'ROLLBACK' });
          // A prepared statement outlives the transaction that made it.
          if (prepared) await client.query({ text: 'DEALLOCATE probe' });
        }
      }
      return client.query(statement);
    },
  };
}
