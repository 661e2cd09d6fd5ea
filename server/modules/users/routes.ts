import { z } from 'zod';
import { ROLE_LABELS, type Role } from '../../../core/roles.ts';
import { regions, units } from '../../db/schema/index.ts';
import { ctxOf, typed, type App } from '../../http.ts';
import { IDS_QUERY, selectedIds } from '../../route-schemas.ts';
import { FORMAT_QUERY, sendXlsx, type XlsxColumn } from '../../xlsx.ts';
import { PasswordReset, PasswordResetOut, TokenCreate, TokenCreatedOut, TokenListOut, UserCreate, UserCreatedOut, UserListOut, UserOut, UserUpdate } from '../../../core/schemas/users.ts';
import * as svc from './service.ts';

export async function userRoutes(app: App) {
  const r = typed(app);
  const db = () => app.database;
  r.get(
    '/users',
    { schema: { tags: ['users'], summary: '用户列表（format=xlsx 导出 Excel；ids 只取所选）', querystring: z.object({ ...FORMAT_QUERY, ...IDS_QUERY }), response: { 200: UserListOut } } },
    async (req, reply) => {
      const list = await svc.listUsers(db(), ctxOf(req), selectedIds(req.query.ids));
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
        { header: '包村', key: 'villages', width: 24, value: (u) => u.villages.map((c) => regionNames.get(c) ?? c).join('、') },
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
        body: UserCreate,
        response: { 201: UserCreatedOut },
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
        body: UserUpdate,
        response: { 200: UserOut },
      },
    },
    async (req) => svc.updateUser(db(), ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/users/:id/password',
    { schema: { tags: ['users'], summary: '重置密码', params: z.object({ id: z.string() }), body: PasswordReset, response: { 200: PasswordResetOut } } },
    async (req) => svc.setPassword(db(), ctxOf(req), req.params.id, req.body.password),
  );
  r.get(
    '/tokens',
    {
      schema: {
        tags: ['users'],
        summary: 'API 令牌列表（format=xlsx 导出 Excel）',
        querystring: z.object(FORMAT_QUERY),
        response: { 200: TokenListOut },
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
    { schema: { tags: ['users'], summary: '创建 API 令牌（仅显示一次）', body: TokenCreate, response: { 201: TokenCreatedOut } } },
    async (req, reply) => reply.status(201).send(await svc.createToken(db(), ctxOf(req), req.body)),
  );
  r.delete('/tokens/:id', { schema: { tags: ['users'], summary: '吊销 API 令牌', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    await svc.revokeToken(db(), ctxOf(req), req.params.id);
    return reply.status(204).send();
  });
}
