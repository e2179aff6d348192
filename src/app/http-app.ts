import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';

import { ANNOTATION_DOCUMENT_ROUTES, DOCUMENT_IN_PIECES_FROM } from '../annotations/editing/parsed-body.js';
import { installJsonBodyParser } from '../common/http/json-body.js';
import { RouteIndex } from '../common/http/route-index.js';
import { MetricsRegistry } from '../common/metrics/metrics-registry.js';
import { createValidationPipe } from '../common/validation/validation.pipe.js';
import type { AppConfig } from '../config/app-config.js';
import { PinoNestLogger } from '../logging/nest-logger.js';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument, serveOpenApi } from './openapi.js';
import { generateRequestId, installRequestHooks } from './request-hooks.js';

/** Paths outside the `/api/v1` prefix: probes, metrics and the API documentation. */
const UNPREFIXED = ['health', 'health/ready', 'metrics'];

/** The API document, built without instantiating providers, so no database is needed. */
export async function generateOpenApiDocument(config: AppConfig, logger: Logger): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    {
      logger: new PinoNestLogger(logger),
      preview: true,
      abortOnError: false,
    },
  );
  app.setGlobalPrefix('api/v1', { exclude: UNPREFIXED });
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}

/**
 * Builds the HTTP application on Fastify. Fastify is chosen over Express for throughput: the
 * frame and chunk routes serve files at a rate the Express adapter cannot reach on small machines.
 */
export async function createHttpApp(config: AppConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitMb * 1024 * 1024,
    genReqId: generateRequestId,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 500 },
  });
  const routes = new RouteIndex();
  adapter.getInstance().addHook('onRoute', (route) => routes.add(route.method, route.url));

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, routes), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.setGlobalPrefix('api/v1', { exclude: UNPREFIXED });
  app.useGlobalPipes(createValidationPipe());
  await app.register(fastifyCookie);
  // Files are streamed to disk by the upload intake; these limits answer 413 early.
  await app.register(fastifyMultipart, {
    limits: {
      files: config.uploadMaxFiles,
      fileSize: config.uploadMaxFileMb * 1024 * 1024,
      fieldSize: config.bodyLimitMb * 1024 * 1024,
    },
  });
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // CVAT accepts JSON, form and multipart bodies only; plain text must answer 415.
  fastify.removeContentTypeParser('text/plain');
  installRequestHooks(fastify, logger, app.get(MetricsRegistry));
  installJsonBodyParser(app, config.bodyLimitMb * 1024 * 1024, {
    routes: ANNOTATION_DOCUMENT_ROUTES,
    fromBytes: DOCUMENT_IN_PIECES_FROM,
  });

  serveOpenApi(app, buildOpenApiDocument(app));
  await app.init();
  return app;
}
