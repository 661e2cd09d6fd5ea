import { ROLE_LABELS } from '../../../core/roles.ts';
import { defineCommand, withRuntime } from '../registry.ts';

defineCommand({
  name: 'demo',
  usage: 'demo [--force]              装入演示数据（非空数据库须加 --force，会清空现有数据）',
  options: { force: { type: 'boolean' } },
  async run({ values, config }) {
    await withRuntime(config, async (rt, ctx) => {
      const t0 = Date.now();
      const { seedDemo } = await import('../../modules/demo/seed.ts');
      const { admin, county } = await seedDemo(rt.database, rt.cipher, ctx, { force: !!values.force, adminPassword: config.adminPassword });
      const lines = [
        `演示数据已装入（${((Date.now() - t0) / 1000).toFixed(1)} 秒）：${county.villageCodes.length} 个村（社区）、${county.gridCodes.length} 个网格。`,
        '',
        '演示账号（用户名 / 密码 / 角色 / 范围）：',
        ...(admin.password ? [`  admin / ${admin.password} / 系统管理员 / 全部（首次登录须修改密码）`] : ['  admin / （原有密码） / 系统管理员 / 全部']),
        ...county.users.map((u) => `  ${u.username} / ${u.password} / ${ROLE_LABELS[u.role]} / ${u.where}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
  },
});
