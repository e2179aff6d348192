import type { FastifyReply } from 'fastify';

import type { ErrorResponse } from '../errors/error-response.js';

export function sendError(reply: FastifyReply, response: ErrorResponse): void {
  if (reply.sent) return;
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  reply.status(response.status).type('application/json').send(JSON.stringify(response.body));
}
