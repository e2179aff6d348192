import type pg from 'pg';
import QueryStream from 'pg-query-stream';

import type {
  AnnotationContext,
  AnnotationLists,
  LabelInfo,
  Shape,
  Tag,
  Track,
} from '../document/annotation-document.js';
import { completeObjectAttributes, completeTrack } from '../read/attribute-completion.js';

/** Rows fetched per round trip while streaming a job. */
const ROWS_PER_FETCH = 2000;

/**
 * PostgreSQL writes each object's JSON itself: that is about twice as fast as letting node-pg
 * parse `double precision[]` and JSON columns and serialising the objects again. The key order is
 * the one CVAT 1.x answers with. Each row also says how many attribute values the object stores,
 * so that only objects missing some values are parsed to complete them (spec section 2).
 */
const TAG_ROWS = `
  SELECT json_build_object('id', id, 'frame', frame, 'label_id', label_id, 'group', "group",
           'source', source, 'attributes', attributes)::text,
         label_id, jsonb_array_length(attributes)
    FROM labeled_tags WHERE job_id = $1 ORDER BY frame, id`;

const SHAPE_ROWS = `
  SELECT json_build_object('type', type, 'occluded', occluded, 'z_order', z_order, 'points', points,
           'id', id, 'frame', frame, 'label_id', label_id, 'group', "group", 'source', source,
           'attributes', attributes)::text,
         label_id, jsonb_array_length(attributes)
    FROM labeled_shapes WHERE job_id = $1 ORDER BY frame, id`;

const TRACK_ROWS = `
  SELECT json_build_object('id', t.id, 'frame', t.frame, 'label_id', t.label_id, 'group', t."group",
           'source', t.source, 'shapes', k.shapes, 'attributes', t.attributes)::text,
         t.label_id, jsonb_array_length(t.attributes), k.fewest_values
    FROM labeled_tracks t
    CROSS JOIN LATERAL (
      SELECT coalesce(json_agg(json_build_object('type', s.type, 'occluded', s.occluded,
                 'z_order', s.z_order, 'points', s.points, 'id', s.id, 'frame', s.frame,
                 'outside', s.outside, 'attributes', s.attributes) ORDER BY s.frame, s.id), '[]') AS shapes,
             coalesce(min(jsonb_array_length(s.attributes)), 0) AS fewest_values
        FROM tracked_shapes s WHERE s.track_id = t.id) k
   WHERE t.job_id = $1 ORDER BY t.id`;

type ObjectRow = [text: string, labelId: number, values: number];
type TrackRow = [text: string, labelId: number, values: number, fewestKeyframeValues: number];

interface LabelCounts {
  readonly all: number;
  readonly mutable: number;
}

function countsOf(label: LabelInfo): LabelCounts {
  let mutable = 0;
  for (const spec of label.attributes.values()) if (spec.mutable) mutable += 1;
  return { all: label.attributes.size, mutable };
}

/** Turns stored rows into complete objects' JSON, per list of the document. */
class Completer {
  private readonly counts = new Map<number, LabelCounts>();

  constructor(private readonly context: AnnotationContext) {
    for (const label of context.labels.values()) this.counts.set(label.id, countsOf(label));
  }

  object([text, labelId, values]: ObjectRow): string {
    const counts = this.counts.get(labelId);
    if (!counts || values >= counts.all) return text;
    const object = JSON.parse(text) as Tag | Shape;
    object.attributes = completeObjectAttributes(object, this.context.labels.get(labelId)!);
    return JSON.stringify(object);
  }

  track([text, labelId, values, fewest]: TrackRow): string {
    const counts = this.counts.get(labelId);
    if (!counts || (values >= counts.all - counts.mutable && fewest >= counts.mutable)) return text;
    return JSON.stringify(completeTrack(JSON.parse(text) as Track, this.context.labels.get(labelId)!));
  }
}

async function* rows<Row>(client: pg.ClientBase, sql: string, jobId: number): AsyncGenerator<Row[]> {
  const stream = client.query(new QueryStream(sql, [jobId], { batchSize: ROWS_PER_FETCH, rowMode: 'array' }));
  let batch: Row[] = [];
  try {
    for await (const row of stream) {
      batch.push(row as Row);
      if (batch.length === ROWS_PER_FETCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  } finally {
    stream.destroy();
  }
}

/** The completed JSON of a job's objects of one list, a batch at a time, in the spec's order. */
export async function* jobObjectTexts(
  client: pg.ClientBase,
  jobId: number,
  list: keyof AnnotationLists,
  context: AnnotationContext,
): AsyncGenerator<string[]> {
  const completer = new Completer(context);
  if (list === 'tracks') {
    for await (const batch of rows<TrackRow>(client, TRACK_ROWS, jobId))
      yield batch.map((r) => completer.track(r));
  } else {
    const sql = list === 'tags' ? TAG_ROWS : SHAPE_ROWS;
    for await (const batch of rows<ObjectRow>(client, sql, jobId))
      yield batch.map((r) => completer.object(r));
  }
}

/** The whole document of a job as JSON text, in pieces of about 64 KB, for streaming responses. */
export async function* jobDocumentPieces(
  client: pg.ClientBase,
  jobId: number,
  version: number,
  context: AnnotationContext,
): AsyncGenerator<string> {
  let piece = `{"version":${version}`;
  for (const list of ['tags', 'shapes', 'tracks'] as const) {
    piece += `,"${list}":[`;
    let first = true;
    for await (const texts of jobObjectTexts(client, jobId, list, context)) {
      piece += (first ? '' : ',') + texts.join(',');
      first = false;
      if (piece.length >= 65536) {
        yield piece;
        piece = '';
      }
    }
    piece += ']';
  }
  yield `${piece}}`;
}

/** A job's objects, completed and parsed, for merging into a task document. */
export async function readJobLists(
  client: pg.ClientBase,
  jobId: number,
  context: AnnotationContext,
): Promise<AnnotationLists> {
  const read = async <T>(list: keyof AnnotationLists): Promise<T[]> => {
    const objects: T[] = [];
    for await (const texts of jobObjectTexts(client, jobId, list, context)) {
      for (const object of JSON.parse(`[${texts.join(',')}]`) as T[]) objects.push(object);
    }
    return objects;
  };
  return {
    tags: await read<Tag>('tags'),
    shapes: await read<Shape>('shapes'),
    tracks: await read<Track>('tracks'),
  };
}
