import { z } from 'zod';
import { ROLE_LABELS, ROLES, type Role } from '../../../core/roles.ts';
import { regions, units } from '../../db/schema/index.ts';
import { ctxOf, typed, type App } from '../../http.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import * as svc from './service.ts';

const Binding = z.object({ role: z.enum(ROLES), regionCode: z.string().nullish(), unitId: z.string().nullish() });
const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  canRevealIdentity: z.boolean(),
  version: z.number(),
  bindings: z.array(z.object({ role: z.string(), regionCode: z.string().nullable(), unitId: z.string().nullable() })),
});

export async function userRoutes(app: App) {
  const r = typed(app);
  const db = () => app.database;
  r.get(
    '/users',
    { schema: { tags: ['users'], summary: '用户列表（format=xlsx 导出 Excel）', querystring: z.object(FORMAT_QUERY), response: { 200: z.array(UserOut) } } },
    async (req, reply) => {
      const list = await svc.listUsers(db(), ctxOf(req));
      if (req.query.format !== 'xlsx') return list;
      const regionNames = new Map((await db().db.select({ code: regions.code, name: regions.name }).from(regions)).map((x) => [x.code, x.name]));
      const unitNames = new Map((await db().db.select({ id: units.id, name: units.name }).from(units)).map((x) => [x.id, x.name]));
      type U = (typeof list)[number];
      const bindingText = (u: U) =>
        u.bindings.map((b) => {
          const where = b.unitId ? unitNames.get(b.unitId) ?? b.unitId : b.regionCode ? regionNames.get(b.regionCode) ?? b.regionCode : '';
          return `${ROLE_LABELS[b.role as Role] ?? b.role}${where ? `（${where}）` : ''}`;
        });
      const columns: XlsxColumn<U>[] = [
        { header: '用户名', key: 'username', width: 16 },
        { header: '姓名', key: 'name', width: 12 },
        { header: '电话', key: 'phone', width: 14 },
        { header: '角色与范围', key: 'bindings', width: 40, value: bindingText },
        { header: '状态', key: 'active', width: 8, value: (u) => (u.active ? '启用' : '停用') },
        { header: '须修改密码', key: 'mustChangePassword', width: 12 },
        { header: '可查看完整身份证号', key: 'canRevealIdentity', width: 20 },
      ];
      return sendXlsx(reply, '用户', columns, list);
    },
  );
  r.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: '新增用户（不给密码则生成一次性密码）',
        body: z.object({ username: z.string().min(1).max(40), name: z.string().max(60).optional(), phone: z.string().max(30).nullish(), password: z.string().max(200).nullish(), canRevealIdentity: z.boolean().optional(), bindings: z.array(Binding).min(1, '至少需要一个角色绑定') }),
        response: { 201: z.object({ user: UserOut, password: z.string().nullable() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createUser(db(), ctxOf(req), req.body)),
  );
  r.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        params: z.object({ id: z.string() }),
        body: z.object({ version: z.number().int(), name: z.string().max(60).optional(), phone: z.string().max(30).nullish(), active: z.boolean().optional(), canRevealIdentity: z.boolean().optional(), bindings: z.array(Binding).min(1).optional() }),
        response: { 200: UserOut },
      },
    },
    async (req) => svc.updateUser(db(), ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/users/:id/password',
    { schema: { tags: ['users'], summary: '重置密码', params: z.object({ id: z.string() }), body: z.object({ password: z.string().max(200).nullish() }), response: { 200: z.object({ username: z.string(), password: z.string().nullable() }) } } },
    async (req) => svc.setPassword(db(), ctxOf(req), req.params.id, req.body.password),
  );
  r.get(
    '/tokens',
    {
      schema: {
        tags: ['users'],
        summary: 'API 令牌列表（format=xlsx 导出 Excel）',
        querystring: z.object(FORMAT_QUERY),
        response: { 200: z.array(z.object({ id: z.string(), name: z.string(), prefix: z.string(), userId: z.string(), username: z.string(), createdAt: z.date(), revokedAt: z.date().nullable(), lastUsedAt: z.date().nullable(), expiresAt: z.date().nullable() })) },
      },
    },
    async (req, reply) => {
      const list = await svc.listTokens(db(), ctxOf(req));
      if (req.query.format !== 'xlsx') return list;
      const columns: XlsxColumn<(typeof list)[number]>[] = [
        { header: '名称', key: 'name', width: 20 },
        { header: '前缀', key: 'prefix', width: 12 },
        { header: '所属用户', key: 'username', width: 16 },
        { header: '创建时间', key: 'createdAt', width: 20 },
        { header: '最近使用', key: 'lastUsedAt', width: 20 },
        { header: '有效期至', key: 'expiresAt', width: 20 },
        { header: '吊销时间', key: 'revokedAt', width: 20 },
      ];
      return sendXlsx(reply, 'API令牌', columns, list);
    },
  );
  r.post(
    '/tokens',
    { schema: { tags: ['users'], summary: '创建 API 令牌（仅显示一次）', body: z.object({ name: z.string().trim().min(1).max(100), userId: z.string(), expiresOn: z.iso.date({ error: '有效期须为 YYYY-MM-DD 格式的日期' }).nullish() }), response: { 201: z.object({ id: z.string(), token: z.string() }) } } },
    async (req, reply) => reply.status(201).send(await svc.createToken(db(), ctxOf(req), req.body)),
  );
  r.delete('/tokens/:id', { schema: { tags: ['users'], summary: '吊销 API 令牌', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.revokeToken(db(), ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
}
