import type { Readable } from 'node:stream';

import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

import type {
  AnnotationContext,
  AnnotationLists,
  FrameRange,
  LabelInfo,
  Shape,
  Tag,
  Track,
} from '../document/annotation-document.js';
import { completeObjectAttributes, completeTrack } from '../read/attribute-completion.js';
import { coalesced, objectPieces } from './json-pieces.js';

/**
 * Reads stream a job's objects out of PostgreSQL with COPY, as JSON that PostgreSQL writes itself
 * in CVAT 1.x's key order. COPY keeps the server sending while this process forwards what arrived;
 * a cursor would leave one side idle at every fetch, which made reads twice as slow.
 *
 * COPY takes no parameters, so the job id and the label attribute counts are written into the
 * statement; all of them are integers read from the database or parsed from the URL.
 *
 * CSV with a delimiter and quote character that PostgreSQL's JSON never holds (it escapes control
 * characters) gives each object's JSON verbatim, one per line. A line starting with
 * `NEEDS_COMPLETION` is an object that stores fewer attribute values than its label has; only those
 * are parsed, completed (spec/annotations.md, section 2) and written again.
 */
const NEEDS_COMPLETION = 0x01;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const CSV_VERBATIM = `WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x03')`;

interface LabelCounts {
  readonly all: number;
  readonly immutable: number;
  readonly mutable: number;
}

function countsOf(label: LabelInfo): LabelCounts {
  let mutable = 0;
  for (const spec of label.attributes.values()) if (spec.mutable) mutable += 1;
  return { all: label.attributes.size, immutable: label.attributes.size - mutable, mutable };
}

function integer(value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return value;
}

/** `CASE label_id WHEN 1 THEN 2 ... ELSE 0 END`: a count per label, inline. */
function perLabel(column: string, context: AnnotationContext, count: (c: LabelCounts) => number): string {
  const cases = [...context.labels.values()].map(
    (label) => `WHEN ${integer(label.id)} THEN ${integer(count(countsOf(label)))}`,
  );
  return cases.length ? `CASE ${column} ${cases.join(' ')} ELSE 0 END` : '0';
}

const flagged = (condition: string, json: string): string =>
  `CASE WHEN ${condition} THEN E'\\x01' ELSE '' END || ${json}::text`;

function tagQuery(jobId: number, context: AnnotationContext, filter?: FrameFilter): string {
  const json = `json_build_object('id', id, 'frame', frame, 'label_id', label_id, 'group', "group",
    'source', source, 'attributes', attributes)`;
  const short = `jsonb_array_length(attributes) < ${perLabel('label_id', context, (c) => c.all)}`;
  return `SELECT ${flagged(short, json)} FROM labeled_tags
           WHERE job_id = ${integer(jobId)}${frameCondition(filter)} ORDER BY frame, id`;
}

function shapeQuery(jobId: number, context: AnnotationContext, filter?: FrameFilter): string {
  const json = `json_build_object('type', type, 'occluded', occluded, 'z_order', z_order,
    'points', points, 'id', id, 'frame', frame, 'label_id', label_id, 'group', "group",
    'source', source, 'attributes', attributes)`;
  const short = `jsonb_array_length(attributes) < ${perLabel('label_id', context, (c) => c.all)}`;
  return `SELECT ${flagged(short, json)} FROM labeled_shapes
           WHERE job_id = ${integer(jobId)}${frameCondition(filter)} ORDER BY frame, id`;
}

function trackQuery(jobId: number, context: AnnotationContext): string {
  const json = `json_build_object('id', t.id, 'frame', t.frame, 'label_id', t.label_id,
    'group', t."group", 'source', t.source, 'shapes', k.shapes, 'attributes', t.attributes)`;
  const short = `(jsonb_array_length(t.attributes) < ${perLabel('t.label_id', context, (c) => c.immutable)}
    OR k.fewest_values < ${perLabel('t.label_id', context, (c) => c.mutable)})`;
  return `SELECT ${flagged(short, json)}
            FROM labeled_tracks t
           CROSS JOIN LATERAL (
             SELECT coalesce(json_agg(json_build_object('type', s.type, 'occluded', s.occluded,
                      'z_order', s.z_order, 'points', s.points, 'id', s.id, 'frame', s.frame,
                      'outside', s.outside, 'attributes', s.attributes) ORDER BY s.frame, s.id), '[]') AS shapes,
                    coalesce(min(jsonb_array_length(s.attributes)), 0) AS fewest_values
               FROM tracked_shapes s WHERE s.track_id = t.id) k
           WHERE t.job_id = ${integer(jobId)} ORDER BY t.id`;
}

/**
 * Narrows tags and shapes to the frames inside or outside some ranges (tracks are never narrowed:
 * they span frames). The task read parses only what its merge can unite and streams the rest.
 */
export interface FrameFilter {
  readonly ranges: readonly FrameRange[];
  readonly keep: 'inside' | 'outside';
}

function frameCondition(filter: FrameFilter | undefined): string {
  if (!filter) return '';
  const within = filter.ranges.map(
    ({ start, stop }) => `frame BETWEEN ${integer(start)} AND ${integer(stop)}`,
  );
  if (within.length === 0) return filter.keep === 'inside' ? ' AND false' : '';
  const any = `(${within.join(' OR ')})`;
  return filter.keep === 'inside' ? ` AND ${any}` : ` AND NOT ${any}`;
}

const QUERIES: Record<
  keyof AnnotationLists,
  (jobId: number, context: AnnotationContext, filter?: FrameFilter) => string
> = {
  tags: tagQuery,
  shapes: shapeQuery,
  tracks: trackQuery,
};

/** Completes the JSON of one flagged object. */
function completer(list: keyof AnnotationLists, context: AnnotationContext): (json: string) => string {
  const labelOf = (id: number): LabelInfo | undefined => context.labels.get(id);
  if (list === 'tracks') {
    return (json) => {
      const track = JSON.parse(json) as Track;
      const label = labelOf(track.label_id);
      return label ? JSON.stringify(completeTrack(track, label)) : json;
    };
  }
  return (json) => {
    const object = JSON.parse(json) as Tag | Shape;
    const label = labelOf(object.label_id);
    if (!label) return json;
    object.attributes = completeObjectAttributes(object, label);
    return JSON.stringify(object);
  };
}

/**
 * Whole lines of `lines` (objects separated by newlines, without the last newline) as a piece of
 * a JSON array body: objects separated by commas, flagged ones completed.
 */
function arrayPiece(lines: Buffer, complete: (json: string) => string): Buffer {
  if (lines.indexOf(NEEDS_COMPLETION) === -1) {
    // The common case: no object needs completing, so only the separators change.
    const piece = Buffer.from(lines);
    for (let at = piece.indexOf(NEWLINE); at !== -1; at = piece.indexOf(NEWLINE, at + 1)) piece[at] = COMMA;
    return piece;
  }
  const parts: Buffer[] = [];
  let start = 0;
  while (start <= lines.length) {
    const found = lines.indexOf(NEWLINE, start);
    const end = found === -1 ? lines.length : found;
    const line = lines.subarray(start, end);
    if (parts.length) parts.push(Buffer.from(','));
    parts.push(line[0] === NEEDS_COMPLETION ? Buffer.from(complete(line.toString('utf8', 1))) : line);
    start = end + 1;
  }
  return Buffer.concat(parts);
}

/** The completed JSON of a job's objects of one list, comma-separated, in pieces as COPY sends them. */
export async function* jobObjectPieces(
  client: pg.ClientBase,
  jobId: number,
  list: keyof AnnotationLists,
  context: AnnotationContext,
  filter?: FrameFilter,
): AsyncGenerator<Buffer> {
  const complete = completer(list, context);
  const sql = QUERIES[list](jobId, context, filter);
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT ${CSV_VERBATIM}`));
  let carry: Buffer | undefined;
  let first = true;
  let ended = false;
  try {
    for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      const data = carry ? Buffer.concat([carry, chunk]) : chunk;
      const end = data.lastIndexOf(NEWLINE);
      if (end === -1) {
        carry = data;
        continue;
      }
      carry = end + 1 < data.length ? Buffer.from(data.subarray(end + 1)) : undefined;
      if (!first) yield Buffer.from(',');
      first = false;
      yield arrayPiece(data.subarray(0, end), complete);
    }
    ended = true;
  } finally {
    // COPY holds the connection until its last row has been read: a read abandoned half-way (the
    // client went away) must still take the rest off the wire, or the connection never answers again.
    if (!ended) await drained(stream);
  }
  // COPY ends every row with a newline, so nothing is left over unless the stream broke off.
  if (carry) throw new Error('COPY ended in the middle of a row');
}

function drained(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) return resolve();
    stream
      .once('end', resolve)
      .once('error', () => resolve())
      .once('close', resolve);
    stream.resume();
  });
}

/** The whole document of a job as JSON, in pieces, for streaming responses. */
export function jobDocumentPieces(
  client: pg.ClientBase,
  jobId: number,
  version: number,
  context: AnnotationContext,
): AsyncGenerator<Buffer> {
  async function* document(): AsyncGenerator<Buffer> {
    yield Buffer.from(`{"version":${integer(version)}`);
    for (const list of ['tags', 'shapes', 'tracks'] as const) {
      yield Buffer.from(`,"${list}":[`);
      yield* jobObjectPieces(client, jobId, list, context);
      yield Buffer.from(']');
    }
    yield Buffer.from('}');
  }
  return coalesced(document());
}

/**
 * A task's document streamed in pieces: for tags and shapes, the objects that no merge can touch
 * straight from each job's rows, then the merged ones; tracks, which the merge may join across
 * jobs, all merged.
 */
export function taskDocumentPieces(
  client: pg.ClientBase,
  jobIds: readonly number[],
  version: number,
  context: AnnotationContext,
  merged: AnnotationLists,
  untouched: FrameFilter,
): AsyncGenerator<Buffer> {
  async function* document(): AsyncGenerator<Buffer> {
    yield Buffer.from(`{"version":${integer(version)}`);
    for (const list of ['tags', 'shapes', 'tracks'] as const) {
      yield Buffer.from(`,"${list}":[`);
      let empty = true;
      const fromJobs = list === 'tracks' ? [] : jobIds;
      for (const jobId of fromJobs) {
        let first = true;
        for await (const piece of jobObjectPieces(client, jobId, list, context, untouched)) {
          if (first && !empty) yield Buffer.from(',');
          first = false;
          empty = false;
          yield piece;
        }
      }
      if (!empty && merged[list].length) yield Buffer.from(',');
      yield* objectPieces(merged[list]);
      yield Buffer.from(']');
    }
    yield Buffer.from('}');
  }
  return coalesced(document());
}

/** A job's objects, completed and parsed, for merging into a task document. */
export async function readJobLists(
  client: pg.ClientBase,
  jobId: number,
  context: AnnotationContext,
  filter?: FrameFilter,
): Promise<AnnotationLists> {
  const read = async <T>(list: keyof AnnotationLists): Promise<T[]> => {
    const pieces: Buffer[] = [Buffer.from('[')];
    for await (const piece of jobObjectPieces(client, jobId, list, context, filter)) pieces.push(piece);
    pieces.push(Buffer.from(']'));
    return JSON.parse(Buffer.concat(pieces).toString('utf8')) as T[];
  };
  return {
    tags: await read<Tag>('tags'),
    shapes: await read<Shape>('shapes'),
    tracks: await read<Track>('tracks'),
  };
}
