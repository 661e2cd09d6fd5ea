import { defineCommand, withRuntime } from '../registry.ts';

defineCommand({
  name: 'serve',
  usage: 'serve                       启动服务（端口 PORT，默认 3000）',
  async run({ config }) {
    // loaded on use: the CLI starts fast for every other command
    const { serve } = await import('../../main.ts');
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
