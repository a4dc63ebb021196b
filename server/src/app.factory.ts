import { constants as zlibConstants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { useLeanAsyncBind } from './common/async-bind';
import { Clock } from './common/clock';
import { JsonLogger } from './common/logger';
import { createValidationPipe } from './common/validation';
import { clientErrorHandler, frameworkErrors } from './common/framework-errors';
import { buildOpenApiDocument } from './openapi/document';
import type { AppConfig } from './config/app-config';

const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Builds the whole HTTP application for one configuration: Fastify, the API under /api, its
 * OpenAPI document at /api/docs (UI) and /api/docs-json, and the H5 build of the mini-program
 * at /. The server (main.ts) and the integration tests both start it through here.
 */
export async function createApp(config: AppConfig, clock: Clock = new Clock()): Promise<NestFastifyApplication> {
  JsonLogger.setLevel(config.logLevel);
  useLeanAsyncBind();
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    // Refusals before any route runs answer in the API's error shape (common/framework-errors.ts).
    frameworkErrors,
    clientErrorHandler,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock), adapter, {
    logger: new JsonLogger(),
    // The JSON parser is ours (below), so Nest must not register its own.
    bodyParser: false,
  });
  // Answers over 1 KB go out compressed (brotli at a quality cheap enough per request, else gzip):
  // lists of needs and pages of JSON on a weak 3G line. Static files come precompressed (below).
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Requests come uncompressed (wx.request never compresses a body): no per-request decompression hook.
    globalDecompression: false,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  // Photo uploads (POST /api/uploads); one file per request, size checked again by UploadsService.
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploads.maxBytes, files: 1, fields: 4, parts: 5 } });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // JSON as Fastify parses it (with its prototype-poisoning guards), except that an empty body
  // is an empty object: mini-program clients send `content-type: application/json` with no
  // body for actions that need no input (wx.request does this), which Fastify would refuse.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, {});
    parseJson(request, body as string, done);
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply) => {
    const api = request.url.startsWith('/api/');
    JsonLogger.write(api ? 'info' : 'debug', 'request', {
      reqId: request.id,
      method: request.method,
      // The route pattern, never the raw URL: query strings can carry personal data.
      route: request.routeOptions?.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      ...(request.principal ? { userId: request.principal.userId } : {}),
    });
  });

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });

  if (config.h5Dir && existsSync(join(config.h5Dir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: config.h5Dir,
      prefix: '/',
      wildcard: false,
      // The .br / .gz written at build time (server/tools/precompress.js), chosen by Accept-Encoding.
      preCompressed: true,
      setHeaders: (res, path) => {
        const immutable = /\.[0-9a-f]{8,}\.(js|css)(\.br|\.gz)?$/.test(path);
        res.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  await app.init();
  return app;
}
