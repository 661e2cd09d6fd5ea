import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from '@fastify/type-provider-zod';
import type { Permission } from '../core/roles.ts';
import type { Database } from './db/client.ts';
import type { Cipher } from './secret.ts';
import { AppError } from './errors.ts';
import { requirePermission, type Actor } from './modules/auth/actor.ts';
import type { CommandContext } from './audit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyInstance {
    database: Database;
    cipher: Cipher;
  }
}

export type App = FastifyInstance;
/** Routes are declared with zod schemas through this typed instance. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

export function actorOf(req: FastifyRequest, permission?: Permission): Actor {
  if (!req.actor) throw new AppError('unauthenticated', 401, '请先登录');
  if (permission) requirePermission(req.actor, permission);
  return req.actor;
}

export function ctxOf(req: FastifyRequest, permission?: Permission): CommandContext {
  return { actor: actorOf(req, permission), requestId: req.id, address: req.ip };
}

/** Sends a generated file (xlsx/docx) with a UTF-8 file name. */
export function sendFile(reply: FastifyReply, buf: Buffer | Uint8Array, filename: string, type: string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(Buffer.from(buf));
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
