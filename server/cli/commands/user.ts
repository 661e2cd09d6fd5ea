import { ROLES } from '../../../core/roles.ts';
import { PasswordReset, UserCreate } from '../../../core/schemas/users.ts';
import { AppError } from '../../errors.ts';
import { createUser, ensureAdmin, setPassword } from '../../modules/users/service.ts';
import { defineCommand, parseInput, withRuntime } from '../registry.ts';

defineCommand({
  name: 'user add',
  usage: 'user add NAME --role R (--region CODE | --unit ID) [--password P] [--name 姓名]',
  options: { role: { type: 'string' }, region: { type: 'string' }, unit: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  async run({ positionals, values, config }) {
    const username = positionals[0];
    const role = values.role as string | undefined;
    if (!username || !role) throw new AppError('usage', 2, '用法：wusong user add NAME --role R (--region CODE | --unit ID) [--password P]');
    if (!(ROLES as readonly string[]).includes(role)) throw new AppError('usage', 2, `未知角色 ${role}，可选：${ROLES.join('、')}`);
    if (role !== 'admin' && !values.region && !values.unit) throw new AppError('usage', 2, '须指定 --region CODE 或 --unit ID');
    const input = parseInput(UserCreate, {
      username,
      name: values.name,
      password: values.password || null,
      bindings: [{ role, regionCode: values.region || null, unitId: values.unit || null }],
    });
    await withRuntime(config, async (rt, ctx) => {
      await ensureAdmin(rt.database, config.adminPassword);
      const r = await createUser(rt.database, ctx, input);
      process.stdout.write(`已创建用户 ${r.user.username}（${role}）${r.password ? `，初始密码：${r.password}（首次登录须修改）` : ''}\n`);
    });
  },
});

defineCommand({
  name: 'user passwd',
  usage: 'user passwd NAME [--password P]    重设密码（不给则生成并显示一次）',
  options: { password: { type: 'string' } },
  async run({ positionals, values, config }) {
    const username = positionals[0];
    if (!username) throw new AppError('usage', 2, '用法：wusong user passwd NAME [--password P]');
    const { password } = parseInput(PasswordReset, { password: values.password || null });
    await withRuntime(config, async (rt, ctx) => {
      const r = await setPassword(rt.database, ctx, username, password);
      process.stdout.write(r.password ? `用户 ${r.username} 的新密码：${r.password}（首次登录须修改）\n` : `已修改用户 ${r.username} 的密码\n`);
    });
  },
});
