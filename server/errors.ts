import type { z } from 'zod';

/** Typed error rendered as application/problem+json with a Chinese message. */
export class AppError extends Error {
  constructor(
    public code: string,
    public status: number,
    message: string,
    public details?: unknown,
    /** response headers that go with the error (e.g. Retry-After on 429) */
    public headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = '记录') => new AppError('not_found', 404, `${what}不存在或无权访问`);
export const forbidden = (msg = '无权执行此操作') => new AppError('forbidden', 403, msg);
export const invalid = (msg: string, details?: unknown) => new AppError('validation', 422, msg, details);
export const conflict = (msg = '该记录已被他人修改，请刷新后重试') => new AppError('version_conflict', 409, msg);

/**
 * A command's input parsed with its schema outside a route (a risk turned into a dispute): refused input is a
 * 422 with the same field errors a route's validation gives, not a 500.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  throw invalid('输入有误：' + errors.map((e) => (e.field ? `${e.field} ${e.message}` : e.message)).join('；'), errors);
}
