// A client that uploads files as one multipart POST, the way cvat-core sends `POST /tasks/{id}/data`,
// and optionally waits for the task's status to reach `Finished`. It runs as a process of its own
// (`runUploadClient`): a real client never shares a process with the harness, and it matters here.
// In the harness's own process, after sharp had generated the test images and run its baseline,
// the same upload took three to four times the client CPU (0.6-0.8 s instead of 0.16-0.2 s for
// 140 MB, its libuv threads and main thread both slower) and took 0.65-0.9 s instead of 0.4-0.6 s.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * Runs the client in a child process and resolves with what it measured: `uploadSeconds` from the
 * first byte of the request to its answer, and, when `settle` is given, `seconds` from the same
 * first byte to the status `Finished`. Each status message the client logs goes to `log`.
 *
 * @param {{ url: string, headers?: Record<string, string>, fields: Record<string, string>,
 *   files: string[], settle?: { statusUrl: string, pollMs: number, timeoutMs: number } }} request
 */
export function runUploadClient(request, log = () => {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [THIS_FILE], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const lines = stderr.split('\n');
      stderr = lines.pop();
      for (const line of lines) log(line);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`the upload client exited with ${code}: ${stderr || stdout}`));
    });
    child.stdin.end(JSON.stringify(request));
  });
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const request = JSON.parse(Buffer.concat(chunks).toString());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const body = await multipartBody(request.fields, request.files);
  const started = performance.now();
  const answer = await send(agent, 'POST', request.url, { ...request.headers, ...body.headers }, body.stream);
  const uploadSeconds = (performance.now() - started) / 1000;
  if (answer.status !== 202) {
    throw new Error(`POST ${request.url} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  const result = { uploadSeconds };
  if (request.settle) {
    await settle(agent, request.settle, request.headers);
    result.seconds = (performance.now() - started) / 1000;
  }
  agent.destroy();
  process.stdout.write(JSON.stringify(result));
}

/** A part per field, then `client_files[N]` per file, streamed from disk with a known length. */
async function multipartBody(fields, files) {
  const boundary = `----bench${Date.now().toString(16)}`;
  const fieldParts = Object.entries(fields).map(([key, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`),
  );
  const fileHeads = files.map((file, index) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="client_files[${index}]"; ` +
        `filename="${path.basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
  );
  const end = Buffer.from(`--${boundary}--\r\n`);
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
  const length =
    fieldParts.reduce((sum, part) => sum + part.length, 0) +
    fileHeads.reduce((sum, head, index) => sum + head.length + sizes[index] + 2, 0) +
    end.length;
  async function* pieces() {
    yield* fieldParts;
    for (const [index, file] of files.entries()) {
      yield fileHeads[index];
      yield* createReadStream(file, { highWaterMark: 1024 * 1024 });
      yield Buffer.from('\r\n');
    }
    yield end;
  }
  return {
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(length),
    },
    stream: Readable.from(pieces()),
  };
}

/** Polls the status until `Finished`; a failure or a timeout throws. Logs a line every few seconds. */
async function settle(agent, { statusUrl, pollMs, timeoutMs }, headers) {
  const deadline = Date.now() + timeoutMs;
  let lastLogged = 0;
  for (;;) {
    const answer = await send(agent, 'GET', statusUrl, headers);
    if (answer.status !== 200) throw new Error(`GET ${statusUrl} answered ${answer.status}`);
    const status = JSON.parse(answer.body);
    if (status.state === 'Finished') return;
    if (status.state === 'Failed') throw new Error(`${statusUrl}: failed: ${status.message}`);
    if (Date.now() > deadline) throw new Error(`${statusUrl}: not finished: ${answer.body}`);
    if (Date.now() - lastLogged > 10_000) {
      process.stderr.write(`${status.state}: ${status.message}\n`);
      lastLogged = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function send(agent, method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body instanceof Readable) {
      body.on('error', (error) => req.destroy(error));
      body.pipe(req);
    } else req.end(body);
  });
}

if (process.argv[1] === THIS_FILE) {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
