// GET /tasks/{id}/data as an annotator's client drives it: random compressed frames, and random
// compressed chunks, of a task created through the API from generated 1080p JPEGs. Each is measured
// next to a bare Node http server started here that sends the same bytes from files on disk, with
// the same headers, under the same load (wrk, 10 connections, the same list of requests).
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { writeTestImages } from './media-baselines.mjs';
import { resultRow, signIn } from '../lib/results.mjs';

export const name = 'frame-serving';

const FRAMES = 150;
const QUALITY = 70;
const RANDOM_FRAMES = 2000;
const RANDOM_CHUNKS = 200;
const LOAD = { connections: 10, duration: 10 };
const WARM_UP = { connections: 10, duration: 2 };
const BASELINE = 'bare node:http streaming the same files from disk';
const PROCESSING_TIMEOUT_MS = 300_000;
// Per-connection and per-request headers; the bare server sends its own or none.
const NOT_COPIED = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'set-cookie',
  'x-request-id',
]);

export async function run(ctx) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-frames-'));
  try {
    const client = await signIn(ctx.baseUrl, ctx.adminCredentials);
    ctx.log(`generating ${FRAMES} 1080p JPEGs`);
    const images = await writeTestImages(path.join(dir, 'images'), FRAMES);
    const started = Date.now();
    const taskId = await createTask(ctx, client, images);
    ctx.log(`task ${taskId} created in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const meta = await (
      await fetch(`${ctx.baseUrl}/api/v1/tasks/${taskId}/data/meta`, { headers: client })
    ).json();
    const chunkCount = Math.ceil(meta.size / meta.chunk_size);
    const dataPath = (query) => `/api/v1/tasks/${taskId}/data?${query}`;
    const framePath = (n) => dataPath(`type=frame&quality=compressed&number=${n}`);
    const chunkPath = (n) => dataPath(`type=chunk&quality=compressed&number=${n}`);

    // The bare server answers the same paths with the bytes ours sent, kept in files.
    const served = new Map();
    const keep = async (urlPath, file) => {
      const response = await fetch(`${ctx.baseUrl}${urlPath}`, { headers: client });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) throw new Error(`GET ${urlPath} answered ${response.status}: ${body}`);
      const headers = {};
      for (const [key, value] of response.headers) if (!NOT_COPIED.has(key)) headers[key] = value;
      await writeFile(file, body);
      served.set(urlPath, { file, headers, size: body.length });
    };
    await mkdir(path.join(dir, 'served'));
    for (let n = 0; n < meta.size; n += 1) await keep(framePath(n), path.join(dir, 'served', `${n}.jpeg`));
    for (let n = 0; n < chunkCount; n += 1) await keep(chunkPath(n), path.join(dir, 'served', `${n}.zip`));
    const bare = await ctx.startBareServer((req, res) => {
      const entry = served.get(req.url);
      if (!entry) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, entry.headers);
      createReadStream(entry.file).pipe(res);
    });

    const random = seededRandom(20240601);
    const frames = Array.from({ length: RANDOM_FRAMES }, () => framePath(Math.floor(random() * meta.size)));
    const chunks = Array.from({ length: RANDOM_CHUNKS }, () => chunkPath(Math.floor(random() * chunkCount)));
    const average = (paths) => paths.reduce((sum, p) => sum + served.get(p).size, 0) / paths.length;
    ctx.log(
      `${meta.size} frames of ${(average(frames) / 1024).toFixed(0)} KiB on average, ` +
        `${chunkCount} chunks of ${(average(chunks) / 2 ** 20).toFixed(1)} MiB`,
    );

    const load = async (label, baseUrl, paths, options) => {
      const result = await ctx.wrk(baseUrl, { ...options, paths, headers: client });
      if (result.errors || result.non2xx) throw new Error(`${label}: not every request answered 200`);
      return result;
    };
    const measure = async (kind, paths) => {
      ctx.log(`${kind}: warming up both servers (${WARM_UP.duration} s each)`);
      await load(`${kind}, ours`, ctx.baseUrl, paths, WARM_UP);
      await load(`${kind}, baseline`, bare.url, paths, WARM_UP);
      ctx.log(`${kind}: ${LOAD.connections} connections for ${LOAD.duration} s, ours then baseline`);
      const ours = await load(`${kind}, ours`, ctx.baseUrl, paths, LOAD);
      const theirs = await load(`${kind}, baseline`, bare.url, paths, LOAD);
      ctx.log(`${kind}: ${ours.requests} requests to ours, ${theirs.requests} to the baseline`);
      return { ours, theirs };
    };
    const frameRun = await measure('frames', frames);
    const chunkRun = await measure('chunks', chunks);
    await bare.close();

    const row = (figure, unit, value, baselineValue, target) =>
      resultRow(name, figure, unit, value, BASELINE, baselineValue, target);
    const mb = (result) => result.bytesPerSec / 1e6;
    return [
      row(
        'frames requests/s',
        'req/s',
        frameRun.ours.requestsPerSec,
        frameRun.theirs.requestsPerSec,
        '>= 0.5',
      ),
      row('frames throughput', 'MB/s', mb(frameRun.ours), mb(frameRun.theirs)),
      row('frames p99 latency', 'ms', frameRun.ours.latencyP99Ms, frameRun.theirs.latencyP99Ms, '< 25 ms'),
      row('chunks requests/s', 'req/s', chunkRun.ours.requestsPerSec, chunkRun.theirs.requestsPerSec),
      row('chunks throughput', 'MB/s', mb(chunkRun.ours), mb(chunkRun.theirs), '>= 0.7'),
      row('chunks p99 latency', 'ms', chunkRun.ours.latencyP99Ms, chunkRun.theirs.latencyP99Ms),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Creates a task, uploads `images` as cvat-core does (multipart) and waits until it is prepared. */
async function createTask(ctx, client, images) {
  const created = await fetch(`${ctx.baseUrl}/api/v1/tasks`, {
    method: 'POST',
    headers: { ...client, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'frame serving', labels: [{ name: 'car', attributes: [] }] }),
  });
  if (created.status !== 201)
    throw new Error(`task creation answered ${created.status}: ${await created.text()}`);
  const { id } = await created.json();

  const form = new FormData();
  form.append('image_quality', String(QUALITY));
  for (const [index, file] of images.entries()) {
    form.append(`client_files[${index}]`, new Blob([await readFile(file)]), path.basename(file));
  }
  const posted = await fetch(`${ctx.baseUrl}/api/v1/tasks/${id}/data`, {
    method: 'POST',
    headers: client,
    body: form,
  });
  if (posted.status !== 202) throw new Error(`POST data answered ${posted.status}: ${await posted.text()}`);

  const deadline = Date.now() + PROCESSING_TIMEOUT_MS;
  for (;;) {
    const status = await (
      await fetch(`${ctx.baseUrl}/api/v1/tasks/${id}/status`, { headers: client })
    ).json();
    if (status.state === 'Finished') return id;
    if (status.state === 'Failed') throw new Error(`task processing failed: ${status.message}`);
    if (Date.now() > deadline) throw new Error(`task processing did not finish: ${status.message}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Numbers in [0, 1) from a fixed seed (xorshift32), so that every run asks for the same frames. */
function seededRandom(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
