import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

import packageJson from '../../package.json' with { type: 'json' };

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CVAT-compatible annotation server')
    .setDescription(
      'The CVAT 1.x REST API (v1). Authenticate with `Authorization: Token <key>` from `POST /api/v1/auth/login`, ' +
        'HTTP Basic, or the session cookie.',
    )
    .setVersion(packageJson.version)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <key>' }, 'token')
    .addBasicAuth(undefined, 'basic')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Serves the document as JSON and YAML, and the interactive UI at /api/swagger and /api/docs. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/swagger', app, document, {
    jsonDocumentUrl: 'api/swagger.json',
    yamlDocumentUrl: 'api/swagger.yaml',
  });
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs/swagger.json',
    yamlDocumentUrl: 'api/docs/swagger.yaml',
  });
}
