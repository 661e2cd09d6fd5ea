import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { loadConfig } from '../config.ts';
import { commands } from './registry.ts';
import './commands/index.ts';

// the schemas' own messages in Chinese, as on the server (server/app.ts)
z.config(z.locales.zhCN());

function usage() {
  return ['用法：wusong <命令> [参数]', '', ...commands.map((c) => `  wusong ${c.usage}`)].join('\n');
}

async function main(argv: string[]) {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  // longest name first so "user add" wins over "user"
  const cmd = [...commands].sort((a, b) => b.name.length - a.name.length).find((c) => {
    const parts = c.name.split(' ');
    return parts.every((p, i) => argv[i] === p);
  });
  if (!cmd) throw new AppError('usage', 2, `未知命令：${argv.join(' ')}。运行 wusong --help 查看可用命令`);
  const rest = argv.slice(cmd.name.split(' ').length);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: cmd.options ?? {}, allowPositionals: true, strict: true });
  } catch (e) {
    throw new AppError('usage', 2, `参数有误：${(e as Error).message}。用法：wusong ${cmd.usage}`);
  }
  return (await cmd.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined>, config: loadConfig() })) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number' && code !== 0) process.exitCode = code;
  },
  (e) => {
    const msg = e instanceof AppError ? e.message : `出错：${(e as Error)?.message ?? e}`;
    process.stderr.write(msg.replace(/\n/g, ' ') + '\n');
    if (process.env.WUSONG_DEBUG && !(e instanceof AppError)) console.error(e);
    process.exitCode = e instanceof AppError && e.status === 2 ? 2 : 1;
  },
);
