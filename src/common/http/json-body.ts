import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes } from 'fastify';
import { parse as secureJsonParse } from 'secure-json-parse';

/**
 * A JSON body kept as its bytes, for a route that reads it in pieces: parsing a document of a
 * hundred thousand objects into one tree, next to the objects made from it, is what made large
 * annotation saves the server's largest use of memory.
 */
export class JsonBodyBytes {
  constructor(readonly bytes: Buffer) {}
}

/**
 * Parses JSON text exactly as Fastify's own JSON parser does, with the same errors (which the
 * error presenter turns into CVAT's `JSON parse error - ...`), prototype poisoning refused.
 */
export function parseJsonText(text: string): unknown {
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  try {
    return secureJsonParse(text, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
}

export interface DeferredJsonBodies {
  /** Route patterns (as Fastify names them) whose large bodies are handed on as bytes. */
  readonly routes: ReadonlySet<string>;
  /** Bodies from this size on are deferred; smaller ones are parsed as usual. */
  readonly fromBytes: number;
}

/**
 * Replaces Fastify's JSON body parser with one that behaves the same, except that large bodies
 * of the given routes are handed on as `JsonBodyBytes`. Their syntax is then checked when the
 * route reads them, after its permission checks, which is also when CVAT (DRF) parses a body.
 */
export function installJsonBodyParser(
  app: NestFastifyApplication,
  bodyLimit: number,
  deferred: DeferredJsonBodies,
): void {
  // Through Nest, which otherwise registers its own JSON parser when the application starts.
  app.useBodyParser('application/json', { bodyLimit }, (request, bytes, done) => {
    if (bytes.length >= deferred.fromBytes && deferred.routes.has(request.routeOptions.url ?? '')) {
      done(null, new JsonBodyBytes(bytes));
      return;
    }
    try {
      done(null, parseJsonText(bytes.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
