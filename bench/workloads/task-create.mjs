// Task creation through the HTTP API of the server the harness started, whose worker role does the
// media processing: from the first byte of the upload to the status `Finished`, as a client sees
// it. 300 1080p JPEGs stand next to sharp alone re-encoding them; a 60 s 1080p video stands next
// to ffmpeg alone encoding the same chunk streams; the same video in on-the-fly mode gives the
// key-frame scan and the first compressed chunk. The server's resident memory is sampled
// throughout (it runs the worker in the same process). Uploads come from a client process of their
// own (bench/lib/upload-client.mjs), as they would in use.
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

import { compressedVideoSize, videoCrf } from '../../dist/src/data/frames/chunking.js';
import { withPeakMemory } from '../lib/memory.mjs';
import {
  ffmpeg,
  ffmpegChunkBaseline,
  sharpReencodeBaseline,
  writeTestImages,
  writeTestVideo,
} from './media-baselines.mjs';
import { resultRow, signIn } from '../lib/results.mjs';
import { runUploadClient } from '../lib/upload-client.mjs';

export const name = 'task-create';

const IMAGES = 300;
const IMAGE_ROUNDS = 2;
const QUALITY = 70;
const VIDEO_SECONDS = 60;
const VIDEO_FPS = 30;
/** The server's default for video chunks; the baselines cut key frames at the same places. */
const VIDEO_CHUNK_SIZE = 36;
const SIZE = { width: 1920, height: 1080 };
const MEMORY_LIMIT_MB = 400;
/**
 * Status polls: often enough to add little to a figure of seconds, rare enough that answering
 * them costs the server next to nothing (at 25 ms a video task drew thousands of them).
 */
const POLL_MS = 100;
const SETTLE_TIMEOUT_MS = 15 * 60_000;
const MB = 1024 * 1024;
/** USER_HZ of /proc/<pid>/stat, 100 on every Linux build we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

export async function run(ctx) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-task-create-'));
  try {
    const api = new Api(ctx.baseUrl, await signIn(ctx.baseUrl, ctx.adminCredentials));

    ctx.log(`generating ${IMAGES} 1080p JPEGs`);
    const images = await writeTestImages(path.join(dir, 'images'), IMAGES);
    const frames = VIDEO_SECONDS * VIDEO_FPS;
    ctx.log(`generating a ${VIDEO_SECONDS} s 1080p ${VIDEO_FPS} fps H.264 video (${frames} frames)`);
    const video = await writeTestVideo(path.join(dir, 'video.mp4'), frames, {
      fps: VIDEO_FPS,
      gop: 2 * VIDEO_FPS,
    });
    ctx.log(`video: ${((await stat(video)).size / MB).toFixed(1)} MB`);

    // Other work on the machine moves wall-clock figures by tens of percent from one minute to the
    // next; alternating the baseline and the task and keeping the best of each evens that out.
    // A server's first task after it starts took 0.2-0.8 s longer than the next ones (its first
    // uploads and encodes warm up the JIT and the allocator), as sharp alone is slower on its first
    // pass. So one task comes first and is not timed; its memory counts like the others'.
    const warmUp = await createTask(ctx, api, 'images, warm-up', images, {});
    ctx.log(`warm-up: image task ${warmUp.seconds.toFixed(2)} s, not timed`);
    let sharpAlone = { imagesPerSecond: 0, inFlight: 0 };
    let imageTask = { ...warmUp, seconds: Infinity };
    for (let round = 1; round <= IMAGE_ROUNDS; round += 1) {
      const alone = await sharpReencodeBaseline(images, QUALITY, ctx.log);
      ctx.log(`round ${round}: sharp alone ${(IMAGES / alone.imagesPerSecond).toFixed(2)} s`);
      if (alone.imagesPerSecond > sharpAlone.imagesPerSecond) sharpAlone = alone;
      const bareUpload = await uploadToBareServer(ctx, images, path.join(dir, 'upload.bin'));
      ctx.log(
        `round ${round}: the upload into one file by a bare node:http server ${bareUpload.toFixed(2)} s`,
      );
      const task = await createTask(ctx, api, `images, round ${round}`, images, {});
      ctx.log(
        `round ${round}: image task ${task.seconds.toFixed(2)} s, upload ${task.uploadSeconds.toFixed(2)} s`,
      );
      imageTask = bestOf(imageTask, task);
    }
    const sharpSeconds = IMAGES / sharpAlone.imagesPerSecond;

    const ffmpegCpu = cpuSeconds('self');
    const ffmpegSeconds = await ffmpegChunkBaseline(video, path.join(dir, 'ffmpeg-alone'), {
      chunkSize: VIDEO_CHUNK_SIZE,
      quality: QUALITY,
    });
    ctx.log(
      `ffmpeg alone: ${ffmpegSeconds.toFixed(2)} s, ${(cpuSeconds('self') - ffmpegCpu).toFixed(1)} s of CPU`,
    );
    const videoTask = await createTask(ctx, api, 'video', [video], {});
    ctx.log(`video task: ${videoTask.seconds.toFixed(2)} s, upload ${videoTask.uploadSeconds.toFixed(2)} s`);

    const decodeSeconds = await ffmpegDecodeBaseline(video);
    ctx.log(`ffmpeg alone decoding: ${decodeSeconds.toFixed(2)} s`);
    const cachedTask = await createTask(ctx, api, 'video, use_cache', [video], { use_cache: 'true' });
    ctx.log(`video task with use_cache: ${cachedTask.seconds.toFixed(2)} s`);
    const firstChunk = await api.timedDownload(
      `/api/v1/tasks/${cachedTask.id}/data?type=chunk&number=0&quality=compressed`,
    );
    ctx.log(`first compressed chunk: ${firstChunk.seconds.toFixed(3)} s, ${firstChunk.bytes} bytes`);
    const oneChunkSeconds = await ffmpegFirstChunkBaseline(video, path.join(dir, 'first-chunk.mp4'));

    const memory = (what, measured) =>
      row(
        `server peak memory during ${what} (${(measured.startBytes / MB).toFixed(0)} MB at its start)`,
        'MB',
        measured.peakBytes / MB,
        `limit ${MEMORY_LIMIT_MB} MB`,
        MEMORY_LIMIT_MB,
        `< ${MEMORY_LIMIT_MB} MB`,
      );
    return [
      row(
        `${IMAGES} 1080p JPEGs, one upload to Finished (q${QUALITY})`,
        's',
        imageTask.seconds,
        `sharp alone re-encoding them, ${sharpAlone.inFlight} in flight`,
        sharpSeconds,
        '<= 1.3',
      ),
      row(
        `${IMAGES} 1080p JPEGs, one upload to Finished: rate`,
        'images/s',
        IMAGES / imageTask.seconds,
        'sharp alone',
        sharpAlone.imagesPerSecond,
        '>= 40 images/s',
      ),
      row(
        `${VIDEO_SECONDS} s 1080p ${VIDEO_FPS} fps MP4 upload to Finished`,
        's',
        videoTask.seconds,
        'ffmpeg alone encoding the same two streams',
        ffmpegSeconds,
        '<= 1.25',
      ),
      row(
        'the same MP4 with use_cache to Finished (key-frame scan)',
        's',
        cachedTask.seconds,
        'ffmpeg alone decoding the video',
        decodeSeconds,
        '',
      ),
      row(
        'use_cache: first compressed chunk, request to last byte',
        's',
        firstChunk.seconds,
        'ffmpeg alone encoding that chunk',
        oneChunkSeconds,
        '< 1.5 s',
      ),
      memory(`the image tasks (a warm-up and ${IMAGE_ROUNDS} rounds)`, imageTask),
      memory('the video task', videoTask),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The faster task, with the memory figures of both: the peak is what matters, whichever round. */
function bestOf(best, task) {
  const faster = task.seconds < best.seconds ? task : best;
  return { ...faster, peakBytes: Math.max(best.peakBytes, task.peakBytes), startBytes: best.startBytes };
}

/** Creates a task, uploads `files` with the fields and waits for `Finished`, sampling server memory. */
async function createTask(ctx, api, label, files, fields) {
  const { id } = await api.json('POST', '/api/v1/tasks', {
    name: `bench ${label}`,
    labels: [{ name: 'car', attributes: [] }],
  });
  const bytes = (await Promise.all(files.map((file) => stat(file)))).reduce((sum, s) => sum + s.size, 0);
  ctx.log(`${label}: uploading ${files.length} files, ${(bytes / MB).toFixed(0)} MB, to task ${id}`);
  const cpuAtStart = cpuSeconds(ctx.serverPid);
  const measured = await withPeakMemory(ctx.serverPid, () =>
    runUploadClient(
      {
        url: `${api.baseUrl}/api/v1/tasks/${id}/data`,
        headers: api.auth,
        fields: { image_quality: String(QUALITY), ...fields },
        files,
        settle: {
          statusUrl: `${api.baseUrl}/api/v1/tasks/${id}/status`,
          pollMs: POLL_MS,
          timeoutMs: SETTLE_TIMEOUT_MS,
        },
      },
      (line) => ctx.log(`${label}: ${line}`),
    ),
  );
  // CPU time is far less disturbed than wall time when other work shares the machine.
  ctx.log(`${label}: the server used ${(cpuSeconds(ctx.serverPid) - cpuAtStart).toFixed(1)} s of CPU`);
  return { id, ...measured.result, peakBytes: measured.peakBytes, startBytes: measured.startBytes };
}

/** The upload alone: a bare server writing the whole multipart body to one file. */
async function uploadToBareServer(ctx, files, target) {
  const server = await ctx.startBareServer((req, res) => {
    pipeline(req, createWriteStream(target)).then(
      () => res.writeHead(202).end(),
      () => res.writeHead(500).end(),
    );
  });
  try {
    const { uploadSeconds } = await runUploadClient({
      url: `${server.url}/`,
      fields: { image_quality: String(QUALITY) },
      files,
    });
    return uploadSeconds;
  } finally {
    await server.close();
    await rm(target, { force: true });
  }
}

/** CPU seconds of a process and of its children that have ended (ffmpeg runs as such a child). */
function cpuSeconds(pid) {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticks = fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** ffmpeg decoding every frame and dropping it: the least a full key-frame scan can cost. */
async function ffmpegDecodeBaseline(video) {
  const started = performance.now();
  await ffmpeg(['-i', video, '-map', '0:v:0', '-f', 'null', '-']);
  return (performance.now() - started) / 1000;
}

/** ffmpeg encoding the first chunk alone at the compressed size and CRF, as on-the-fly mode does. */
async function ffmpegFirstChunkBaseline(video, file) {
  const small = compressedVideoSize(SIZE);
  const started = performance.now();
  await ffmpeg([
    '-i',
    video,
    '-map',
    '0:v:0',
    '-vf',
    `scale=${small.width}:${small.height}`,
    '-frames:v',
    String(VIDEO_CHUNK_SIZE),
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-preset',
    'veryfast',
    '-crf',
    String(videoCrf(QUALITY)),
    '-pix_fmt',
    'yuv420p',
    '-f',
    'mp4',
    file,
  ]);
  return (performance.now() - started) / 1000;
}

/** The JSON calls and downloads of the harness itself, over node:http. */
class Api {
  agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

  constructor(baseUrl, auth) {
    this.baseUrl = baseUrl;
    this.auth = auth;
  }

  async json(method, url, body) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload ? { 'content-type': 'application/json' } : {};
    const response = await this.send(method, url, headers, payload);
    if (response.status >= 300) {
      throw new Error(
        `${method} ${url} answered ${response.status}: ${response.body.toString().slice(0, 300)}`,
      );
    }
    return JSON.parse(response.body.toString());
  }

  /** A GET timed from the request to the last byte of the body. */
  async timedDownload(url) {
    const started = performance.now();
    const response = await this.send('GET', url, {});
    const seconds = (performance.now() - started) / 1000;
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    return { seconds, bytes: response.body.length };
  }

  send(method, url, headers, body) {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.baseUrl}${url}`,
        { method, agent: this.agent, headers: { ...this.auth, ...headers } },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

const row = (...cells) => resultRow(name, ...cells);
