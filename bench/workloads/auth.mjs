// Sign-in and an authenticated read, next to the same server's unauthenticated GET /health: what
// authentication costs per request (key check plus one user query) and what a sign-in costs
// (one argon2id verification at the configured cost).
import { resultRow } from '../lib/results.mjs';

export const name = 'auth';

const LOAD = { connections: 32, duration: 10 };
const WARM_UP = { connections: 32, duration: 2 };

export async function run(ctx) {
  const login = await fetch(`${ctx.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ctx.adminCredentials),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
  const { key } = await login.json();
  const authorization = `Token ${key}`;

  const health = `${ctx.baseUrl}/health`;
  const self = `${ctx.baseUrl}/api/v1/users/self`;
  const signIn = {
    method: 'POST',
    body: JSON.stringify(ctx.adminCredentials),
    headers: { 'content-type': 'application/json' },
  };

  ctx.log(`warming up (${WARM_UP.duration} s per route)`);
  await ctx.wrk(health, WARM_UP);
  await ctx.wrk(self, { ...WARM_UP, headers: { authorization } });

  ctx.log(`GET /health: ${LOAD.connections} connections for ${LOAD.duration} s`);
  const baseline = await ctx.wrk(health, LOAD);
  ctx.log(`GET /api/v1/users/self with a key: ${LOAD.connections} connections for ${LOAD.duration} s`);
  const authenticated = await ctx.wrk(self, { ...LOAD, headers: { authorization } });
  ctx.log(`POST /api/v1/auth/login: ${LOAD.connections} connections for ${LOAD.duration} s`);
  const signins = await ctx.wrk(`${ctx.baseUrl}/api/v1/auth/login`, { ...LOAD, ...signIn });

  const row = (figure, unit, value, baselineValue, target) =>
    resultRow(name, figure, unit, value, 'GET /health of the same server', baselineValue, target);
  return [
    row('users/self requests/s', 'req/s', authenticated.requestsPerSec, baseline.requestsPerSec, '>= 0.5'),
    row('users/self p95 latency', 'ms', authenticated.latencyP95Ms, baseline.latencyP95Ms, '<= 2'),
    row('login requests/s', 'req/s', signins.requestsPerSec, baseline.requestsPerSec, 'argon2id-bound'),
    row('login p95 latency', 'ms', signins.latencyP95Ms, baseline.latencyP95Ms, 'argon2id-bound'),
  ];
}
