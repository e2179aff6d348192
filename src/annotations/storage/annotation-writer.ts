import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import type { AnnotationLists, Shape, Tag, Track } from '../document/annotation-document.js';
import { KIND_TABLES, type IdsByKind } from './annotation-kinds.js';
import { copyBoolean, copyInteger, copyJson, copyNumbers, copyText } from './copy-text.js';

/** Rows are sent to COPY in pieces of about this many characters. */
const PIECE_CHARS = 256 * 1024;

/** Objects whose ids have all been assigned. */
export type NumberedLists = AnnotationLists;

const COLUMNS = {
  tags: 'labeled_tags (id, job_id, frame, label_id, "group", source, attributes)',
  shapes:
    'labeled_shapes (id, job_id, frame, label_id, "group", source, attributes, type, occluded, z_order, points)',
  tracks: 'labeled_tracks (id, job_id, frame, label_id, "group", source, attributes)',
  trackedShapes:
    'tracked_shapes (id, track_id, job_id, frame, type, occluded, z_order, points, outside, attributes)',
};

function objectColumns(jobId: number, object: Tag): string {
  return [
    copyInteger(object.id),
    jobId,
    object.frame,
    object.label_id,
    copyInteger(object.group),
    copyText(object.source),
    copyJson(object.attributes),
  ].join('\t');
}

function* tagRows(jobId: number, tags: readonly Tag[]): Generator<string> {
  for (const tag of tags) yield `${objectColumns(jobId, tag)}\n`;
}

function* shapeRows(jobId: number, shapes: readonly Shape[]): Generator<string> {
  for (const shape of shapes) {
    const geometry = [
      copyText(shape.type),
      copyBoolean(shape.occluded),
      shape.z_order,
      copyNumbers(shape.points),
    ];
    yield `${objectColumns(jobId, shape)}\t${geometry.join('\t')}\n`;
  }
}

function* trackRows(jobId: number, tracks: readonly Track[]): Generator<string> {
  for (const track of tracks) yield `${objectColumns(jobId, track)}\n`;
}

function* trackedShapeRows(jobId: number, tracks: readonly Track[]): Generator<string> {
  for (const track of tracks) {
    for (const shape of track.shapes) {
      const columns = [
        copyInteger(shape.id),
        copyInteger(track.id),
        jobId,
        shape.frame,
        copyText(shape.type),
        copyBoolean(shape.occluded),
        shape.z_order,
        copyNumbers(shape.points),
        copyBoolean(shape.outside),
        copyJson(shape.attributes),
      ];
      yield `${columns.join('\t')}\n`;
    }
  }
}

/** Joins rows into pieces, so that COPY gets a few hundred writes instead of one per row. */
function* pieces(rows: Iterable<string>): Generator<string> {
  let piece = '';
  for (const row of rows) {
    piece += row;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

async function copyRows(client: pg.ClientBase, target: string, rows: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(pieces(rows)), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
}

/** Stores numbered objects of one job: one COPY per table that has rows. */
export async function insertObjects(
  client: pg.ClientBase,
  jobId: number,
  lists: NumberedLists,
): Promise<void> {
  if (lists.tags.length) await copyRows(client, COLUMNS.tags, tagRows(jobId, lists.tags));
  if (lists.shapes.length) await copyRows(client, COLUMNS.shapes, shapeRows(jobId, lists.shapes));
  if (lists.tracks.length) {
    await copyRows(client, COLUMNS.tracks, trackRows(jobId, lists.tracks));
    await copyRows(client, COLUMNS.trackedShapes, trackedShapeRows(jobId, lists.tracks));
  }
}

/** Deletes every object of the jobs; answers whether there was any. */
export async function deleteAllObjects(client: pg.ClientBase, jobIds: readonly number[]): Promise<boolean> {
  let deleted = 0;
  for (const table of [KIND_TABLES.trackedShape, KIND_TABLES.track, KIND_TABLES.shape, KIND_TABLES.tag]) {
    const result = await client.query(`DELETE FROM ${table} WHERE job_id = ANY($1::int[])`, [jobIds]);
    deleted += result.rowCount ?? 0;
  }
  return deleted > 0;
}

/**
 * Deletes the objects of the job that have the given ids, tracks with their keyframes; ids of other
 * jobs are left alone. Answers whether anything was deleted.
 */
export async function deleteObjectsById(
  client: pg.ClientBase,
  jobIds: readonly number[],
  ids: Pick<IdsByKind, 'tag' | 'shape' | 'track'>,
): Promise<boolean> {
  let deleted = 0;
  const remove = async (sql: string, kindIds: number[]): Promise<void> => {
    if (kindIds.length === 0) return;
    deleted += (await client.query(sql, [jobIds, kindIds])).rowCount ?? 0;
  };
  await remove(
    `DELETE FROM ${KIND_TABLES.tag} WHERE job_id = ANY($1::int[]) AND id = ANY($2::int[])`,
    ids.tag,
  );
  await remove(
    `DELETE FROM ${KIND_TABLES.shape} WHERE job_id = ANY($1::int[]) AND id = ANY($2::int[])`,
    ids.shape,
  );
  await remove(
    `DELETE FROM ${KIND_TABLES.trackedShape} WHERE job_id = ANY($1::int[]) AND track_id = ANY($2::int[])`,
    ids.track,
  );
  await remove(
    `DELETE FROM ${KIND_TABLES.track} WHERE job_id = ANY($1::int[]) AND id = ANY($2::int[])`,
    ids.track,
  );
  return deleted > 0;
}
