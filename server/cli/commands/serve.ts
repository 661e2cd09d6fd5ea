import { defineCommand, withRuntime } from '../registry.ts';
import { serve } from '../../main.ts';

defineCommand({
  name: 'serve',
  usage: 'serve                       启动服务（端口 PORT，默认 3000）',
  async run({ config }) {
    await serve(config);
    return new Promise<number>(() => {}); // runs until a signal
  },
});

defineCommand({
  name: 'migrate',
  usage: 'migrate                     创建或升级数据库结构',
  async run({ config }) {
    await withRuntime(config, async (rt) => {
      process.stdout.write(`数据库结构已是最新（${rt.database.engine === 'embedded' ? '内置数据库' : 'PostgreSQL'}）\n`);
    });
  },
});
