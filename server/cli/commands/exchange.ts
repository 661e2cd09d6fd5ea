import path from 'node:path';
import { AppError } from '../../errors.ts';
import { defineCommand, withRuntime } from '../registry.ts';

defineCommand({
  name: 'import',
  usage: 'import PATH [--dry-run] [--as NAME]  导入数据包（CSV 文件夹或 .xlsx 工作簿）；--dry-run 只检查不写入；--as 以该用户的权限和管辖范围导入',
  options: { 'dry-run': { type: 'boolean' }, as: { type: 'string' } },
  async run({ positionals, values, config }) {
    const p = positionals[0];
    if (!p) throw new AppError('usage', 2, '用法：wusong import PATH [--dry-run] [--as NAME]');
    const dryRun = !!values['dry-run'];
    // loaded on use: the CLI starts fast for every other command
    const { formatProblem, formatSummary, importBundle } = await import('../../modules/exchange/importer.ts');
    const { openBundlePath, SourceError } = await import('../../modules/exchange/sources.ts');
    await withRuntime(config, async (rt, system) => {
      // without --as the CLI is the system (admin) path; with it, the user's permissions and scope apply as on the web
      let ctx = system;
      const as = values.as as string | undefined;
      if (as !== undefined) {
        const { actorForUser } = await import('../../modules/auth/service.ts');
        const { can } = await import('../../modules/auth/actor.ts');
        const actor = await actorForUser(rt.database, as);
        if (!actor) throw new AppError('unknown_user', 1, `找不到用户（或已停用）：${as}`);
        if (!can(actor, 'exchange.import')) throw new AppError('forbidden', 1, `用户 ${as} 无权导入数据`);
        ctx = { ...system, actor };
      }
      let source;
      try {
        source = await openBundlePath(path.resolve(p));
      } catch (e) {
        if (e instanceof SourceError) throw new AppError('import_source', 1, e.message);
        throw e;
      }
      const report = await importBundle(rt.database, ctx, source, { dryRun, cipher: rt.cipher, sourceLabel: path.resolve(p) });
      for (const f of report.files) process.stdout.write(formatSummary(f) + '\n');
      for (const w of report.warnings) process.stderr.write(`警告：${formatProblem(w)}\n`);
      if (report.warningCount > report.warnings.length) process.stderr.write(`警告：另有 ${report.warningCount - report.warnings.length} 条警告未显示\n`);
      for (const e of report.errors) process.stderr.write(`错误：${formatProblem(e)}\n`);
      const t = report.totals;
      if (!report.ok) {
        throw new AppError('import_rejected', 1, `导入失败：${report.errorCount} 处错误（${t.reject} 行被拒绝），未写入任何数据`);
      }
      if (dryRun) process.stdout.write(`试运行：将新增 ${t.add}，更新 ${t.update}，未变 ${t.unchanged}；未写入任何数据\n`);
      else if (report.committed) process.stdout.write(`导入完成：新增 ${t.add}，更新 ${t.update}，未变 ${t.unchanged}\n`);
      else process.stdout.write(`数据无变化：未变 ${t.unchanged}，未写入任何数据\n`);
    });
  },
});

defineCommand({
  name: 'export',
  usage: 'export PATH                 导出数据包（PATH 以 .xlsx 结尾时为工作簿，否则为 CSV 文件夹）',
  async run({ positionals, config }) {
    const p = positionals[0];
    if (!p) throw new AppError('usage', 2, '用法：wusong export PATH');
    const target = path.resolve(p);
    const { exportBundle } = await import('../../modules/exchange/exporter.ts');
    await withRuntime(config, async (rt, ctx) => {
      const r = await exportBundle(rt.database, ctx, /\.xlsx$/i.test(target) ? { kind: 'xlsx', file: target } : { kind: 'csv', dir: target }, {
        cipher: rt.cipher,
        revealIds: true,
        label: target,
      });
      for (const f of r.files) process.stdout.write(`${f.file}：${f.rows} 行\n`);
      process.stdout.write(`已导出到 ${target}\n`);
    });
  },
});
