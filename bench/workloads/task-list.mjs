// GET /api/v1/tasks pages over 100,000 tasks (5 labels of 3 attributes each, one job each, 50
// owners), with search and ordering, as an admin and as a user without role, next to GET /health
// of the same server measured the same way. The tasks are written with set-based SQL in the
// schema the API uses; the pages are then read through the API, one request at a time.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { URLSearchParams } from 'node:url';
import pg from 'pg';
import { resultRow, signIn } from '../lib/results.mjs';

export const name = 'task-list';

const TASKS = 100_000;
const OWNERS = 50;
const REQUESTS = 200;
const WARM_UP = 50;
const BASELINE = 'GET /health of the same server';

const WORDS_A = [
  'street',
  'highway',
  'parking',
  'harbour',
  'forest',
  'night',
  'rainy',
  'market',
  'bridge',
  'tunnel',
];
const WORDS_B = [
  'scenes',
  'cars',
  'people',
  'signs',
  'drone',
  'dashcam',
  'cyclists',
  'crossing',
  'traffic',
  'birds',
];
const LABELS = [
  ['car', '#fa3253'],
  ['person', '#b83df5'],
  ['bicycle', '#3d3df5'],
  ['traffic sign', '#ff6a4d'],
  ['bus', '#33ddff'],
];
const ATTRIBUTES = [
  ['occluded by', false, 'select', 'none', 'none\nvehicle\nperson\nbuilding'],
  ['moving', true, 'checkbox', 'false', 'false'],
  ['confidence', false, 'number', '50', '0\n100\n1'],
];

/** What a client asks for: searches with one or two terms, the orderings cvat-ui offers, a few pages. */
const SEARCHES = [
  'street',
  'night cars',
  'owner07',
  'scenes 12',
  'bridge',
  '',
  'annotation',
  'harbour drone',
];
const ORDERINGS = ['', '-id', 'name', '-owner', 'status', 'assignee', '-name'];

export async function run(ctx) {
  const db = new pg.Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  try {
    const admin = await signIn(ctx.baseUrl, ctx.adminCredentials);
    const plain = await registerPlainUser(ctx);
    const started = Date.now();
    await insertTasks(db, plain.id);
    ctx.log(
      `inserted ${TASKS.toLocaleString('en-US')} tasks in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const urls = pageUrls(ctx.baseUrl);
    const sample = await get(agent, urls[0], admin);
    if (sample.status !== 200) throw new Error(`GET /api/v1/tasks answered ${sample.status}`);

    const health = `${ctx.baseUrl}/health`;
    ctx.log(`warming up (${WARM_UP} requests per kind)`);
    await timeAll(agent, Array(WARM_UP).fill(health), {});
    await timeAll(agent, urls.slice(0, WARM_UP), admin);
    await timeAll(agent, urls.slice(0, WARM_UP), plain.headers);

    ctx.log(`${REQUESTS} requests each, one at a time: /health, task pages as admin, as a plain user`);
    const baseline = await timeAll(agent, Array(REQUESTS).fill(health), {});
    const asAdmin = await timeAll(agent, urls, admin);
    const asPlainUser = await timeAll(agent, urls, plain.headers);
    agent.destroy();

    const row = (figure, value, baselineValue, target) =>
      resultRow(name, figure, 'ms', value, BASELINE, baselineValue, target);
    return [
      row('tasks page p50, admin', asAdmin.p50, baseline.p50),
      row('tasks page p95, admin', asAdmin.p95, baseline.p95, '<= 10, and < 50 ms'),
      row('tasks page p50, no role', asPlainUser.p50, baseline.p50),
      row('tasks page p95, no role', asPlainUser.p95, baseline.p95, '<= 10, and < 50 ms'),
    ];
  } finally {
    await db.end();
  }
}

/** A user without role, registered through the API; he owns one fiftieth of the tasks. */
async function registerPlainUser(ctx) {
  const username = `reader_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const response = await fetch(`${ctx.baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username,
      email: `${username}@example.com`,
      password1: password,
      password2: password,
    }),
  });
  if (response.status !== 201)
    throw new Error(`registration answered ${response.status}: ${await response.text()}`);
  const headers = await signIn(ctx.baseUrl, { username, password });
  const self = await fetch(`${ctx.baseUrl}/api/v1/users/self`, { headers });
  return { id: (await self.json()).id, headers };
}

/**
 * 49 owners besides the plain user; tasks are spread over them by a hash of their number, so that
 * owners, assignees and names do not follow one another. Two in five tasks have an assignee, one job
 * in ten has one; the other tasks are public, so the plain user sees most of them.
 */
async function insertTasks(db, plainUserId) {
  await db.query('BEGIN');
  const owners = await db.query(
    `INSERT INTO users (username, email, password_hash)
     SELECT format('owner%s', lpad(n::text, 2, '0')), format('owner%s@example.com', n), '!'
       FROM generate_series(1, $1) n
     RETURNING id`,
    [OWNERS - 1],
  );
  const ownerIds = [plainUserId, ...owners.rows.map((row) => row.id)];
  // Workloads run before this one may have made tasks of their own; only the new ones get rows here.
  const before = (await db.query('SELECT coalesce(max(id), 0) AS id FROM tasks')).rows[0].id;
  await db.query(
    `INSERT INTO tasks (name, owner_id, assignee_id, mode, status, overlap, segment_size, created_date, updated_date)
     SELECT format('%s %s %s', ($2::text[])[1 + n % 10], ($3::text[])[1 + (n / 10) % 10], n),
            ($1::int[])[1 + abs(hashint4(n)) % $4],
            CASE WHEN abs(hashint4(-n)) % 5 < 2 THEN ($1::int[])[1 + abs(hashint4(n + $5)) % $4] END,
            CASE WHEN n % 3 = 0 THEN 'interpolation' ELSE 'annotation' END,
            (ARRAY['annotation', 'annotation', 'validation', 'completed'])[1 + abs(hashint4(n * 3)) % 4],
            0, 0, now() - make_interval(secs => $5 - n), now() - make_interval(secs => $5 - n)
       FROM generate_series(1, $5) n`,
    [ownerIds, WORDS_A, WORDS_B, OWNERS, TASKS],
  );
  await db.query(
    `INSERT INTO labels (task_id, name, color)
     SELECT t.id, l.name, l.color FROM tasks t, unnest($1::text[], $2::text[]) WITH ORDINALITY AS l(name, color, position)
      WHERE t.id > $3
      ORDER BY t.id, l.position`,
    [LABELS.map(([label]) => label), LABELS.map(([, color]) => color), before],
  );
  await db.query(
    `INSERT INTO attribute_specs (label_id, name, mutable, input_type, default_value, "values")
     SELECT l.id, a.name, a.mutable, a.input_type, a.default_value, a.values
       FROM labels l,
            unnest($1::text[], $2::bool[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
              AS a(name, mutable, input_type, default_value, values, position)
      WHERE l.task_id > $6
      ORDER BY l.id, a.position`,
    [...[0, 1, 2, 3, 4].map((field) => ATTRIBUTES.map((attribute) => attribute[field])), before],
  );
  await db.query(
    `INSERT INTO segments (task_id, start_frame, stop_frame) SELECT id, 0, 99 FROM tasks WHERE id > $1`,
    [before],
  );
  await db.query(
    `INSERT INTO jobs (segment_id, assignee_id, status)
     SELECT s.id, CASE WHEN s.id % 10 = 0 THEN ($1::int[])[1 + (s.id / 10) % $2] END, t.status
       FROM segments s JOIN tasks t ON t.id = s.task_id
      WHERE t.id > $3`,
    [ownerIds, OWNERS, before],
  );
  await db.query('COMMIT');
  // Fresh statistics and visibility maps, as autovacuum would leave them on a live server.
  await db.query('VACUUM ANALYZE users, tasks, labels, attribute_specs, segments, jobs');
}

/** REQUESTS list URLs cycling through searches, orderings and the first five pages. */
function pageUrls(baseUrl) {
  return Array.from({ length: REQUESTS }, (_, index) => {
    const query = new URLSearchParams({ page_size: '10' });
    const search = SEARCHES[index % SEARCHES.length];
    const ordering = ORDERINGS[index % ORDERINGS.length];
    if (search) query.set('search', search);
    if (ordering) query.set('ordering', ordering);
    const page = 1 + (index % 5);
    if (page > 1) query.set('page', String(page));
    return `${baseUrl}/api/v1/tasks?${query}`;
  });
}

function get(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve({ status: response.statusCode }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Latency percentiles of the URLs requested one after another over one kept-alive connection. */
async function timeAll(agent, urls, headers) {
  const latencies = [];
  for (const url of urls) {
    const started = process.hrtime.bigint();
    const { status } = await get(agent, url, headers);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (status !== 200) throw new Error(`${url} answered ${status}`);
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return { p50: percentile(50), p95: percentile(95) };
}
