import { randomUUID } from 'node:crypto';

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

import type { MetricsRegistry } from '../common/metrics/metrics-registry.js';
import { redactUrl } from '../logging/redaction.js';
import { runWithRequestContext } from '../logging/request-context.js';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Keeps a well-formed incoming X-Request-Id so that ids follow a request across proxies. */
export function generateRequestId(request: { headers: Record<string, unknown> }): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/**
 * Request id, access log and request metrics. The request id is entered into the async context
 * twice: at arrival, and again after the body is read, because body parsing runs in socket
 * callbacks that do not carry the context forward.
 */
export function installRequestHooks(
  fastify: FastifyInstance,
  logger: Logger,
  metrics: MetricsRegistry,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    runWithRequestContext({ requestId: request.id }, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    runWithRequestContext({ requestId: request.id }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe(
      { method: request.method, route: routeOf(request), status: String(reply.statusCode) },
      seconds,
    );
    logger.info(
      {
        reqId: request.id,
        method: request.method,
        url: redactUrl(request.url),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        remoteAddress: request.ip,
      },
      'request completed',
    );
    done();
  });
}
