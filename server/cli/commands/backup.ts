import path from 'node:path';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../../audit.ts';
import { defineCommand, withRuntime } from '../registry.ts';

defineCommand({
  name: 'backup',
  usage: 'backup FILE                 备份全部数据（与数据库引擎无关的格式）',
  async run({ positionals, config }) {
    const file = positionals[0];
    if (!file) throw new AppError('usage', 2, '用法：wusong backup FILE');
    await withRuntime(config, async (rt, ctx) => {
      await rt.database.db.transaction((tx) => writeAudit(tx, ctx, { action: 'backup', entity: 'database', entityId: path.basename(file) }));
      const { backup } = await import('../../db/backup.ts');
      const r = await backup(rt.database, path.resolve(file));
      process.stdout.write(`已备份 ${r.tables} 张表、${r.rows} 行到 ${file}\n`);
    });
  },
});

defineCommand({
  name: 'restore',
  usage: 'restore FILE [--force]      从备份恢复（非空数据库须加 --force）',
  options: { force: { type: 'boolean' } },
  async run({ positionals, values, config }) {
    const file = positionals[0];
    if (!file) throw new AppError('usage', 2, '用法：wusong restore FILE [--force]');
    await withRuntime(config, async (rt, ctx) => {
      const { restore } = await import('../../db/backup.ts');
      const r = await restore(rt.database, path.resolve(file), { force: !!values.force });
      await rt.database.db.transaction((tx) => writeAudit(tx, ctx, { action: 'restore', entity: 'database', entityId: path.basename(file) }));
      process.stdout.write(`已从 ${file} 恢复 ${r.rows} 行\n`);
    });
  },
});
