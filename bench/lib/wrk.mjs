// wrk, the load generator: JavaScript ones saturate before the server does on two cores.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPORT_SCRIPT = fileURLToPath(new URL('./report.lua', import.meta.url));
const MARKER = 'BENCH_JSON ';

/**
 * Loads url for `duration` seconds over `connections` keep-alive connections; figures per second.
 * With `paths`, requests cycle through those paths (and queries) on url's host instead of url's own.
 */
export async function runWrk(url, options = {}, onSpawn = () => {}) {
  const { connections = 32, duration = 10, threads = 2, headers = {}, timeout = 5, method, body } = options;
  const pathsDir = options.paths ? await mkdtemp(path.join(os.tmpdir(), 'wrk-paths-')) : undefined;
  try {
    const pathsFile = pathsDir && path.join(pathsDir, 'paths.txt');
    if (pathsFile) await writeFile(pathsFile, `${options.paths.join('\n')}\n`);
    return await runOnce(
      url,
      { connections, duration, threads, headers, timeout, method, body, pathsFile },
      onSpawn,
    );
  } finally {
    if (pathsDir) await rm(pathsDir, { recursive: true, force: true });
  }
}

async function runOnce(url, options, onSpawn) {
  const { connections, duration, threads, headers, timeout, method, body, pathsFile } = options;
  const args = [
    '-t',
    String(Math.min(threads, connections)),
    '-c',
    String(connections),
    '-d',
    `${duration}s`,
  ];
  args.push('--timeout', `${timeout}s`, '-s', REPORT_SCRIPT);
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);

  const env = {
    ...process.env,
    ...(method ? { BENCH_METHOD: method } : {}),
    ...(body ? { BENCH_BODY: body } : {}),
    ...(pathsFile ? { BENCH_PATHS_FILE: pathsFile } : {}),
  };
  const { code, stdout, stderr } = await capture('wrk', args, env, onSpawn);
  const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
  if (code !== 0 || !line) throw new Error(`wrk exited with code ${code}: ${(stderr || stdout).trim()}`);

  const raw = JSON.parse(line.slice(MARKER.length));
  const seconds = raw.durationUs / 1e6;
  return {
    requests: raw.requests,
    requestsPerSec: raw.requests / seconds,
    bytesPerSec: raw.bytes / seconds,
    latencyP50Ms: raw.p50 / 1000,
    latencyP95Ms: raw.p95 / 1000,
    latencyP99Ms: raw.p99 / 1000,
    errors: raw.errors,
    non2xx: raw.non2xx,
  };
}

function capture(cmd, args, env, onSpawn) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    onSpawn(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
