import { INDICATOR_LABELS } from '../../../core/evaluation/index.ts';
import { AppError } from '../../errors.ts';
import { defineCommand, withRuntime } from '../registry.ts';

const USAGE = '用法：wusong evaluate --year Y [--as-of YYYY-MM-DD] [--town CODE] --json';
const mark = (p: boolean | null) => (p === true ? '达标' : p === false ? '未达标' : '未定');

defineCommand({
  name: 'evaluate',
  usage: 'evaluate --year Y [--as-of D] [--town CODE] --json   按年度考评乡镇和村（社区）',
  options: { year: { type: 'string' }, 'as-of': { type: 'string' }, town: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, config }) {
    const yearText = values.year as string | undefined;
    if (!yearText) throw new AppError('usage', 2, `缺少 --year。${USAGE}`);
    if (!/^\d{4}$/.test(yearText)) throw new AppError('usage', 2, `年度应为四位数字：${yearText}。${USAGE}`);
    const asOf = values['as-of'] as string | undefined;
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new AppError('usage', 2, `截止日期应为 YYYY-MM-DD：${asOf}`);
    await withRuntime(config, async (rt, ctx) => {
      const { evaluateYear } = await import('../../modules/evaluation/service.ts');
      const report = await evaluateYear(rt.database, ctx.actor, { year: Number(yearText), asOf, town: (values.town as string) || null });
      if (values.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      const lines = [`${report.year} 年无讼创建考评（截至 ${report.asOf}）`];
      for (const t of report.towns) {
        const rate = t.indicators.litigation_rate_per_10k;
        const share = t.indicators.litigation_free_village_share;
        lines.push(
          `${t.name}（${t.code}）：${mark(t.passed)}；${INDICATOR_LABELS.litigation_rate_per_10k} ${rate?.value ?? '—'}；无讼村（社区） ${t.villages.filter((v) => v.passed === true).length}/${t.villages.length}${share?.value != null ? `（${(share.value * 100).toFixed(1)}%）` : ''}`,
        );
        for (const v of t.villages) lines.push(`  ${v.name}（${v.code}）：${mark(v.passed)}${v.reason ? `（${v.reason}）` : ''}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
  },
});
