import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Database } from './db/client.ts';
import type { Cipher } from './secret.ts';
import { AppError } from './errors.ts';
import { badValue, databaseUnavailable, loggerOptions } from './failures.ts';
import { ACTORS_CHANNEL, forgetActors } from './modules/auth/actor-cache.ts';
import { actorFromSession, actorFromToken, SESSION_COOKIE } from './modules/auth/service.ts';
import { registerModules } from './modules/index.ts';

z.config(z.locales.zhCN());

type TrustProxy = FastifyServerOptions['trustProxy'];

export interface AppOptions {
  database: Database;
  cipher: Cipher;
  /** log lines (JSON): true = errors and warnings to stdout; or a level and a stream (tests) */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
  /** serve the built web app from web/dist when present */
  serveWeb?: boolean;
  /** folder of the built web app (default web/dist; browser tests use a private build) */
  webDist?: string;
  /** a session idle longer than this ends (default 8 hours; WUSONG_SESSION_IDLE_MINUTES) */
  sessionIdleMinutes?: number;
  /** which proxies' X-Forwarded-* headers are believed (WUSONG_TRUST_PROXY; default none) */
  trustProxy?: TrustProxy;
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/**
 * The web app's Content-Security-Policy: scripts only from the app itself; antd writes its styles inline;
 * charts and uploads show data: and blob: images. Nothing is loaded from elsewhere (the system works offline).
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A state-changing request a browser sends from a page of another origin (another site, or another port of
 * this host — cookies do not tell ports apart) is refused: the cookie alone does not prove the user meant it.
 * Programs with an API token send no cookie and are not affected.
 */
function foreignOrigin(req: Pick<FastifyRequest, 'method' | 'headers' | 'host'>): boolean {
  if (!STATE_CHANGING.has(req.method) || req.headers.authorization?.startsWith('Bearer ')) return false;
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    try {
      return new URL(origin).host !== req.host;
    } catch {
      return true;
    }
  }
  if (origin === 'null') return true;
  const site = req.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}

/** A NUL character anywhere in a parsed body or parameters (objects and arrays, a few levels deep). */
function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (!v || typeof v !== 'object' || depth > 6) return false;
  if (Buffer.isBuffer(v)) return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}

/** What a session whose password must first be changed may still do. */
const PASSWORD_CHANGE_ALLOWS = new Set(['GET /api/me', 'POST /api/me/password', 'POST /api/auth/logout', 'POST /api/auth/login', 'GET /api/health']);

function problem(status: number, code: string, detail: string, extra?: Record<string, unknown>) {
  return { type: `about:blank#${code}`, title: code, status, detail, ...extra };
}

export async function buildApp(opts: AppOptions) {
  const webDist = opts.webDist ?? WEB_DIST;
  const app = Fastify({
    logger: opts.logger === true ? loggerOptions('warn') : opts.logger ? loggerOptions(opts.logger.level, opts.logger.stream) : false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 20 * 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', opts.database);
  app.decorate('cipher', opts.cipher);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    reply.type('application/problem+json');
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return reply.status(err.status).send(problem(err.status, err.code, err.message, err.details ? { errors: err.details } : undefined));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({ field: (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || ((v.params as { issue?: { path?: unknown[] } })?.issue?.path ?? []).join('.') || '', message: v.message }));
      const detail = '输入有误：' + errors.map((e) => (e.field ? `${e.field} ${e.message}` : e.message)).join('；');
      return reply.status(422).send(problem(422, 'validation', detail, { errors }));
    }
    if (err.statusCode === 429) return reply.status(429).send(problem(429, 'rate_limited', '请求过于频繁，请稍后再试'));
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.statusCode === 400 || err.statusCode === 415) {
      return reply.status(422).send(problem(422, 'validation', `请求格式有误：${err.message}`));
    }
    if (err.statusCode === 413) return reply.status(413).send(problem(413, 'too_large', '上传内容过大'));
    if (err.statusCode === 404) return reply.status(404).send(problem(404, 'not_found', '资源不存在'));
    if (databaseUnavailable(err)) {
      req.log.error({ err, path: req.url.split('?')[0] }, 'database unavailable');
      return reply.status(503).header('retry-after', '30').send(problem(503, 'database_unavailable', '数据库暂时无法访问，请稍后重试；如持续出现请联系管理员'));
    }
    if (badValue(err)) {
      req.log.warn({ err, path: req.url.split('?')[0] }, 'value refused by the database');
      return reply.status(422).send(problem(422, 'validation', '输入有误：含有无法保存的值（如不存在的日期、不允许的控制字符或超出范围的数字）'));
    }
    req.log.error({ err, path: req.url.split('?')[0] }, 'request failed');
    return reply.status(500).send(problem(500, 'internal', '服务器内部错误，请稍后重试或联系管理员'));
  });
  app.setNotFoundHandler((req, reply) => {
    // a missing built file (an old chunk after an upgrade) is a 404, not the app's page: the app then offers a reload
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || !opts.serveWeb || !fs.existsSync(webDist)) {
      return reply.status(404).type('application/problem+json').send(problem(404, 'not_found', '接口不存在'));
    }
    return reply.type('text/html').sendFile('index.html');
  });

  await app.register(cookie);
  // the CSP and HSTS are set below: the CSP only on the web app, HSTS only over https
  await app.register(helmet, { contentSecurityPolicy: false, strictTransportSecurity: false });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=15552000; includeSubDomains');
    if (req.url.startsWith('/api/')) {
      // answers carry personal data: no browser or proxy keeps them
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    } else {
      reply.header('content-security-policy', WEB_CSP);
    }
    return payload;
  });
  // counted in the database: two instances behind one address share the limit
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(opts.database) });
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 40 } });
  await app.register(swagger, {
    openapi: { info: { title: 'Wusong 无讼 API', version: '0.1.0', description: '乡镇无讼创建工作平台接口' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // a NUL byte reaches no handler: PostgreSQL cannot store it, and no field of ours needs it
  app.addHook('preValidation', async (req) => {
    if (req.url.includes('%00') || hasNul(req.body) || hasNul(req.params)) throw new AppError('validation', 422, '输入有误：含有不允许的控制字符（NUL）');
  });

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    if (foreignOrigin(req)) throw new AppError('foreign_origin', 403, '请求来自其他网站或端口的页面，已拒绝；请在本系统的页面中操作');
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await actorFromToken(opts.database, auth.slice(7).trim());
      if (!req.actor) throw new AppError('unauthenticated', 401, 'API 令牌无效或已吊销');
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.actor = await actorFromSession(opts.database, token, opts.sessionIdleMinutes);
      req.sessionToken = req.actor ? token : null;
      // a first password (given by an admin or generated) is changed before anything else is done
      if (req.actor?.mustChangePassword && !PASSWORD_CHANGE_ALLOWS.has(`${req.method} ${req.url.split('?')[0]}`)) {
        throw new AppError('password_change_required', 403, '请先修改初始密码后再继续操作');
      }
    }
  });

  // revocations on other instances (logout, token revoked, user deactivated) take effect here at once
  if (opts.database.listen) {
    const stop = await opts.database.listen(ACTORS_CHANNEL, forgetActors);
    app.addHook('onClose', async () => stop());
  }

  await app.register(registerModules, { prefix: '/api' });

  if (opts.serveWeb && fs.existsSync(webDist)) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      // the build writes .br and .gz beside each file (web/vite.config.ts): sent as they are when the browser takes them
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, file) => {
        // hashed file names change with their content: kept a year; everything else (the pages) is asked for again
        res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('vary', 'accept-encoding');
      },
    });
    // 一案一码: the public progress page is its own light entry (no React, no antd)
    app.get('/progress', (_req, reply) => reply.type('text/html').sendFile('progress.html'));
    // the grid worker's intake form as a light entry of its own (issue 18.2: React only, no antd)
    app.get('/field', (_req, reply) => reply.type('text/html').sendFile('field.html'));
  }
  return app;
}
