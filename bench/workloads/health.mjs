// GET /health, the cheapest route: what the framework costs per request, next to a bare Node
// http server answering the same body with the same headers.
import { resultRow } from '../lib/results.mjs';

export const name = 'health';

const BASELINE = 'bare node:http, same body and headers';
const LOAD = { connections: 32, duration: 10 };
const WARM_UP = { connections: 32, duration: 2 };
// Hop-by-hop and per-response headers; Node sets its own.
const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function run(ctx) {
  const ours = `${ctx.baseUrl}/health`;
  const sample = await fetch(ours);
  const body = await sample.text();
  if (sample.status !== 200) throw new Error(`GET /health answered ${sample.status}: ${body}`);

  const headers = { 'content-length': String(Buffer.byteLength(body)) };
  for (const [key, value] of sample.headers) if (!NOT_COPIED.has(key)) headers[key] = value;
  const bare = await ctx.startBareServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  const theirs = `${bare.url}/health`;

  ctx.log(`warming up both servers (${WARM_UP.duration} s each)`);
  await ctx.wrk(ours, WARM_UP);
  await ctx.wrk(theirs, WARM_UP);
  ctx.log(`ours: ${LOAD.connections} connections for ${LOAD.duration} s`);
  const a = await ctx.wrk(ours, LOAD);
  ctx.log(`baseline: ${LOAD.connections} connections for ${LOAD.duration} s`);
  const b = await ctx.wrk(theirs, LOAD);
  await bare.close();

  const row = (figure, unit, value, baselineValue, target) =>
    resultRow(name, figure, unit, value, BASELINE, baselineValue, target);
  return [
    row('requests/s', 'req/s', a.requestsPerSec, b.requestsPerSec, '>= 0.5'),
    row('p95 latency', 'ms', a.latencyP95Ms, b.latencyP95Ms, '<= 2'),
  ];
}
