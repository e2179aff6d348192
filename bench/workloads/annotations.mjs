// Annotation saves and reads at the size of a busy job: 5,000 frames, 100,000 rectangles and
// polygons with two attribute values each, and 1,000 tracks of 50 keyframes. Each figure stands
// next to PostgreSQL doing the same data movement alone in the same run: COPY of the same rows
// into bare tables for the PUT, and PostgreSQL building the same JSON and streaming it out for
// the GET. The task-level GET (10 jobs, overlap 5, the same objects) stands next to the job GET.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

import { withPeakMemory } from '../lib/memory.mjs';
import { resultRow, signIn } from '../lib/results.mjs';

export const name = 'annotations';

const FRAMES = 5_000;
const SHAPES = 100_000;
const TRACKS = 1_000;
const KEYFRAMES = 50;
const JOBS_OF_SPLIT_TASK = 10;
const OVERLAP = 5;
const ROUNDS = 3;
const PATCHES = 60;
const MB = 1024 * 1024;

export async function run(ctx) {
  const db = new pg.Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  try {
    const auth = await signIn(ctx.baseUrl, ctx.adminCredentials);
    const single = await insertTask(db, [[0, FRAMES - 1]]);
    const split = await insertTask(db, splitSegments());
    const document = makeDocument(single.labels);
    const body = JSON.stringify(document);
    ctx.log(
      `document: ${(body.length / MB).toFixed(1)} MB, ${SHAPES} shapes, ${TRACKS}x${KEYFRAMES} keyframes`,
    );

    const jobUrl = `${ctx.baseUrl}/api/v1/jobs/${single.jobIds[0]}/annotations`;
    const put = await measure(ctx, `PUT ${ROUNDS}x`, async () => {
      const times = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const started = performance.now();
        const response = await request('PUT', jobUrl, auth, body);
        if (response.status !== 200)
          throw new Error(`PUT answered ${response.status}: ${response.text.slice(0, 300)}`);
        times.push(performance.now() - started);
      }
      return median(times);
    });
    const copyIn = await copyBaseline(db, document);
    ctx.log(`PUT ${put.value.toFixed(0)} ms, COPY alone ${copyIn.toFixed(0)} ms`);

    const get = await measure(ctx, `job GET ${ROUNDS}x`, async () => {
      const times = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const started = performance.now();
        const response = await request('GET', jobUrl, auth);
        if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
        times.push(performance.now() - started);
      }
      return median(times);
    });
    const jsonOut = await jsonBaseline(db);
    ctx.log(`job GET ${get.value.toFixed(0)} ms, PostgreSQL JSON alone ${jsonOut.toFixed(0)} ms`);

    const taskUrl = `${ctx.baseUrl}/api/v1/tasks/${split.taskId}/annotations`;
    const splitDocument = JSON.stringify(makeDocument(split.labels));
    const splitPut = await request('PUT', taskUrl, auth, splitDocument);
    if (splitPut.status !== 200)
      throw new Error(`task PUT answered ${splitPut.status}: ${splitPut.text.slice(0, 300)}`);
    const taskGet = await measure(ctx, `task GET ${ROUNDS}x`, async () => {
      const times = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const started = performance.now();
        const response = await request('GET', taskUrl, auth);
        if (response.status !== 200) throw new Error(`task GET answered ${response.status}`);
        times.push(performance.now() - started);
      }
      return median(times);
    });
    ctx.log(`task GET ${taskGet.value.toFixed(0)} ms`);

    const saved = JSON.parse((await request('GET', jobUrl, auth)).text);
    const patch = await measure(ctx, `PATCH update of 100 shapes ${PATCHES}x`, async () => {
      const times = [];
      for (let round = 0; round < PATCHES; round += 1) {
        const shapes = saved.shapes.slice(round * 100, round * 100 + 100).map((shape) => ({
          ...shape,
          points: shape.points.map((value) => value + 1),
        }));
        const payload = JSON.stringify({ version: 0, tags: [], shapes, tracks: [] });
        const started = performance.now();
        const response = await request('PATCH', `${jobUrl}?action=update`, auth, payload);
        if (response.status !== 200)
          throw new Error(`PATCH answered ${response.status}: ${response.text.slice(0, 300)}`);
        times.push(performance.now() - started);
      }
      return percentile(times, 0.95);
    });

    const row = (...cells) => resultRow(name, ...cells);
    const memory = (what, measured) =>
      row(
        `server peak memory during ${what} (${(measured.startBytes / MB).toFixed(0)} MB at its start)`,
        'MB',
        measured.peakBytes / MB,
        'limit 600 MB',
        600,
        '< 1',
      );
    return [
      row(
        'PUT /jobs/{id}/annotations (whole job)',
        'ms',
        put.value,
        'COPY of the same rows into bare tables',
        copyIn,
        '<= 2, and < 6000 ms',
      ),
      row(
        'GET /jobs/{id}/annotations',
        'ms',
        get.value,
        'PostgreSQL building the same JSON, streamed',
        jsonOut,
        '<= 1.5, and < 1500 ms',
      ),
      row(
        'GET /tasks/{id}/annotations (10 jobs, overlap 5)',
        'ms',
        taskGet.value,
        'GET of the job',
        get.value,
        '< 2',
      ),
      row('PATCH action=update, 100 shapes, p95', 'ms', patch.value, 'limit 100 ms', 100, '< 1'),
      memory('the PUT', put),
      memory('the job GET', get),
      memory('the task GET', taskGet),
      memory('the PATCHes', patch),
    ];
  } finally {
    await db.query('DROP TABLE IF EXISTS bench_shapes, bench_tracks, bench_tracked_shapes');
    await db.end();
  }
}

async function measure(ctx, what, work) {
  ctx.log(what);
  const { result, peakBytes, startBytes } = await withPeakMemory(ctx.serverPid, work);
  return { value: result, peakBytes, startBytes };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One request with the body read as text; node:http, because fetch buffers large bodies slowly. */
function request(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function splitSegments() {
  const size = Math.ceil((FRAMES + OVERLAP * (JOBS_OF_SPLIT_TASK - 1)) / JOBS_OF_SPLIT_TASK);
  const segments = [];
  for (let start = 0; start < FRAMES; start += size - OVERLAP) {
    segments.push([start, Math.min(start + size - 1, FRAMES - 1)]);
    if (start + size >= FRAMES) break;
  }
  return segments;
}

/** A task as media processing leaves it, written directly: frames, segments and jobs, one label. */
async function insertTask(db, segments) {
  const data = await db.query(
    'INSERT INTO task_data (image_quality, size, stop_frame) VALUES (70, $1, $2) RETURNING id',
    [FRAMES, FRAMES - 1],
  );
  const task = await db.query(
    `INSERT INTO tasks (name, data_id, overlap, segment_size) VALUES ('annotation bench', $1, $2, $3) RETURNING id`,
    [data.rows[0].id, segments.length > 1 ? OVERLAP : 0, segments[0][1] + 1],
  );
  const taskId = task.rows[0].id;
  const jobIds = [];
  for (const [start, stop] of segments) {
    const segment = await db.query(
      'INSERT INTO segments (task_id, start_frame, stop_frame) VALUES ($1, $2, $3) RETURNING id',
      [taskId, start, stop],
    );
    const job = await db.query('INSERT INTO jobs (segment_id) VALUES ($1) RETURNING id', [
      segment.rows[0].id,
    ]);
    jobIds.push(job.rows[0].id);
  }
  const label = await db.query(
    `INSERT INTO labels (task_id, name, color) VALUES ($1, 'car', '#fa3253') RETURNING id`,
    [taskId],
  );
  const labelId = label.rows[0].id;
  const spec = async (name, mutable, type, value) =>
    (
      await db.query(
        `INSERT INTO attribute_specs (label_id, name, mutable, input_type, default_value, values)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
        [labelId, name, mutable, type, value],
      )
    ).rows[0].id;
  const labels = {
    labelId,
    model: await spec('model', false, 'text', 'sedan'),
    parked: await spec('parked', true, 'checkbox', 'false'),
  };
  return { taskId, jobIds, labels };
}

function makeDocument({ labelId, model, parked }) {
  const attributes = (index) => [
    { spec_id: model, value: `model ${index % 17}` },
    { spec_id: parked, value: index % 2 ? 'true' : 'false' },
  ];
  const shapes = Array.from({ length: SHAPES }, (_, index) => {
    const x = (index % 1000) + 0.5;
    const y = (index % 700) + 0.25;
    const rectangle = index % 2 === 0;
    return {
      type: rectangle ? 'rectangle' : 'polygon',
      occluded: index % 5 === 0,
      z_order: index % 3,
      points: rectangle
        ? [x, y, x + 40.5, y + 30.25]
        : [x, y, x + 20, y, x + 25.5, y + 15, x + 10, y + 30.75],
      frame: index % FRAMES,
      label_id: labelId,
      group: 0,
      source: 'manual',
      attributes: attributes(index),
    };
  });
  const tracks = Array.from({ length: TRACKS }, (_, index) => {
    const start = (index * 4) % (FRAMES - KEYFRAMES);
    return {
      frame: start,
      label_id: labelId,
      group: 0,
      source: 'manual',
      attributes: [{ spec_id: model, value: `model ${index % 17}` }],
      shapes: Array.from({ length: KEYFRAMES }, (_, k) => ({
        type: 'rectangle',
        occluded: false,
        z_order: 0,
        outside: k === KEYFRAMES - 1,
        frame: start + k,
        points: [k + 0.5, k + 1.5, k + 50.5, k + 60.5],
        attributes: [{ spec_id: parked, value: k % 2 ? 'true' : 'false' }],
      })),
    };
  });
  return { version: 0, tags: [], shapes, tracks };
}

/** The same rows loaded by COPY into tables of the same columns, with nothing but a primary key. */
async function copyBaseline(db, document) {
  await db.query('DROP TABLE IF EXISTS bench_shapes, bench_tracks, bench_tracked_shapes');
  await db.query(`CREATE TABLE bench_shapes (id int PRIMARY KEY, job_id int, frame int, label_id int, "group" int,
    source varchar(16), attributes jsonb, type varchar(16), occluded boolean, z_order int, points double precision[])`);
  await db.query(`CREATE TABLE bench_tracks (id int PRIMARY KEY, job_id int, frame int, label_id int, "group" int,
    source varchar(16), attributes jsonb)`);
  await db.query(`CREATE TABLE bench_tracked_shapes (id int PRIMARY KEY, track_id int, job_id int, frame int,
    type varchar(16), occluded boolean, z_order int, points double precision[], outside boolean, attributes jsonb)`);
  const json = (value) => JSON.stringify(value).replace(/\\/g, '\\\\');
  const pieces = (rows) => {
    const out = [];
    for (let i = 0; i < rows.length; i += 2000) out.push(rows.slice(i, i + 2000).join(''));
    return out;
  };
  const copy = (target, rows) =>
    pipeline(Readable.from(pieces(rows)), db.query(copyFrom(`COPY ${target} FROM STDIN`)));
  const times = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    await db.query('TRUNCATE bench_shapes, bench_tracks, bench_tracked_shapes');
    const started = performance.now();
    // Building the rows is part of loading them, for the server as for this baseline.
    const shapes = document.shapes.map(
      (s, i) =>
        `${i + 1}\t1\t${s.frame}\t${s.label_id}\t${s.group}\t${s.source}\t${json(s.attributes)}\t${s.type}\t${s.occluded ? 't' : 'f'}\t${s.z_order}\t{${s.points.join(',')}}\n`,
    );
    const tracks = document.tracks.map(
      (t, i) => `${i + 1}\t1\t${t.frame}\t${t.label_id}\t${t.group}\t${t.source}\t${json(t.attributes)}\n`,
    );
    let id = 0;
    const keyframes = document.tracks.flatMap((t, i) =>
      t.shapes.map(
        (s) =>
          `${++id}\t${i + 1}\t1\t${s.frame}\t${s.type}\t${s.occluded ? 't' : 'f'}\t${s.z_order}\t{${s.points.join(',')}}\t${s.outside ? 't' : 'f'}\t${json(s.attributes)}\n`,
      ),
    );
    await db.query('BEGIN');
    await copy('bench_shapes', shapes);
    await copy('bench_tracks', tracks);
    await copy('bench_tracked_shapes', keyframes);
    await db.query('COMMIT');
    times.push(performance.now() - started);
  }
  return median(times);
}

/** PostgreSQL building every object's JSON from the bare tables and streaming it to this process. */
async function jsonBaseline(db) {
  const query = `COPY (
    SELECT json_build_object('type', type, 'occluded', occluded, 'z_order', z_order, 'points', points, 'id', id,
      'frame', frame, 'label_id', label_id, 'group', "group", 'source', source, 'attributes', attributes)::text
      FROM bench_shapes ORDER BY frame, id) TO STDOUT`;
  const trackQuery = `COPY (
    SELECT json_build_object('id', t.id, 'frame', t.frame, 'label_id', t.label_id, 'group', t."group", 'source', t.source,
      'shapes', (SELECT json_agg(json_build_object('type', s.type, 'occluded', s.occluded, 'z_order', s.z_order,
        'points', s.points, 'id', s.id, 'frame', s.frame, 'outside', s.outside, 'attributes', s.attributes) ORDER BY s.frame)
        FROM bench_tracked_shapes s WHERE s.track_id = t.id), 'attributes', t.attributes)::text
      FROM bench_tracks t ORDER BY t.id) TO STDOUT`;
  await db.query(
    'CREATE INDEX IF NOT EXISTS bench_tracked_shapes_track ON bench_tracked_shapes (track_id, frame)',
  );
  await db.query('CREATE INDEX IF NOT EXISTS bench_shapes_frame ON bench_shapes (frame, id)');
  await db.query('ANALYZE bench_shapes, bench_tracks, bench_tracked_shapes');
  const drain = () => new Writable({ write: (chunk, encoding, done) => done() });
  const times = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    await pipeline(db.query(copyTo(query)), drain());
    await pipeline(db.query(copyTo(trackQuery)), drain());
    times.push(performance.now() - started);
  }
  return median(times);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
