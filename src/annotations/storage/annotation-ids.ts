import type pg from 'pg';

import { KIND_TABLES, type AnnotationKind } from './annotation-kinds.js';

/**
 * `count` new ids of a kind, from the sequence of its table. They come back as one text value:
 * a row per id costs twice as long at a hundred thousand ids.
 */
export async function allocateIds(
  client: pg.ClientBase,
  kind: AnnotationKind,
  count: number,
): Promise<number[]> {
  if (count === 0) return [];
  const result = await client.query<{ ids: string }>(
    `SELECT string_agg(nextval('${KIND_TABLES[kind]}_id_seq')::text, ',') AS ids FROM generate_series(1, $1)`,
    [count],
  );
  return result.rows[0].ids.split(',').map(Number);
}

/**
 * Which of the ids belong to objects of the kind in the given jobs. For track shapes, `trackIds`
 * narrows the owners to those tracks (the ones a request replaces).
 */
export async function ownedIds(
  client: pg.ClientBase,
  kind: AnnotationKind,
  jobIds: readonly number[],
  ids: readonly number[],
  trackIds?: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const byTrack = trackIds ? ' AND track_id = ANY($3::int[])' : '';
  const result = await client.query<{ id: number }>(
    `SELECT id FROM ${KIND_TABLES[kind]} WHERE job_id = ANY($1::int[]) AND id = ANY($2::int[])${byTrack}`,
    trackIds ? [jobIds, ids, trackIds] : [jobIds, ids],
  );
  return new Set(result.rows.map((row) => row.id));
}
