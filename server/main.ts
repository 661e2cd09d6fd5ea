import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { openRuntime } from './runtime.ts';
import { ensureAdmin } from './modules/users/service.ts';
import { startBackgroundJobs } from './jobs/index.ts';

/** `wusong serve` / `npm start`: open the database, create admin on first start, listen. */
export async function serve(config: Config = loadConfig()) {
  const rt = await openRuntime(config);
  const admin = await ensureAdmin(rt.database, config.adminPassword);
  if (admin.created && admin.password) {
    process.stdout.write(`\n首次启动：已创建管理员账号 admin，初始密码（只显示这一次）：${admin.password}\n首次登录后须修改密码。\n\n`);
  } else if (admin.created) {
    process.stdout.write('首次启动：已按 WUSONG_ADMIN_PASSWORD 创建管理员账号 admin。\n');
  }
  const app = await buildApp({ database: rt.database, cipher: rt.cipher, logger: { level: process.env.WUSONG_LOG_LEVEL || (process.env.WUSONG_LOG === '1' ? 'info' : 'warn') }, serveWeb: true, sessionIdleMinutes: config.sessionIdleMinutes, trustProxy: config.trustProxy });
  const jobs = startBackgroundJobs(app);
  let closing = false;
  const shutdown = async (sig: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`收到 ${sig}，正在安全关闭…\n`);
    jobs.stop();
    await app.close();
    await rt.database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: process.env.HOST ?? '0.0.0.0' });
  process.stdout.write(`无讼 Wusong 已启动：http://localhost:${config.port}  （数据库：${rt.database.engine === 'embedded' ? `内置 ${config.dataDir}` : 'PostgreSQL'}）\n`);
  return app;
}
