import { Login, MeOut, PasswordChange } from '../../../core/schemas/auth.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { changeOwnPassword, DEVICE_COOKIE, login, logout, meView, SESSION_COOKIE } from './service.ts';

export async function authRoutes(app: App) {
  const r = typed(app);
  r.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: Login,
        response: { 200: MeOut },
      },
    },
    async (req, reply) => {
      const r = await login(app.database, req.body, { requestId: req.id, address: req.ip, deviceToken: req.cookies[DEVICE_COOKIE] });
      const secure = req.protocol === 'https';
      reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: r.maxAgeSeconds, secure });
      reply.setCookie(DEVICE_COOKIE, r.deviceToken, { path: '/api/auth', httpOnly: true, sameSite: 'strict', maxAge: r.deviceMaxAgeSeconds, secure });
      const actor = r.actor;
      return meView(actor);
    },
  );
  r.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出登录' } }, async (req, reply) => {
    if (req.actor && req.sessionToken) await logout(app.database, req.sessionToken, ctxOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  r.get('/me', { schema: { tags: ['auth'], summary: '当前用户', response: { 200: MeOut } } }, async (req) => meView(actorOf(req)));
  r.post(
    '/me/password',
    { schema: { tags: ['auth'], summary: '修改本人密码', body: PasswordChange } },
    async (req, reply) => {
      await changeOwnPassword(app.database, ctxOf(req), req.body, req.sessionToken);
      return reply.status(204).send();
    },
  );
}
