/**
 * 大屏 (issue 16.3): the cockpit for the 综治中心's wall — 1920 × 1080, dark, no scrolling, refreshed every five
 * minutes. A town's tiles (or, for a county, the towns worst first), the map, the month's intake and outcomes
 * and the warnings. Outside the menu layout: the whole screen is the page.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { Button, Spin } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import type { Cockpit } from '../../../../core/schemas/workbench.ts';
import { useMe } from '../../app/auth.tsx';
import { Chart } from '../../app/Chart.tsx';
import { useDisputeMonthly } from '../disputes/api.ts';
import { useCockpit } from './api.ts';
import { num, pct } from './Cockpit.tsx';
import { VillageMap } from './VillageMap.tsx';
import { useRegionName } from '../../app/data.ts';
import './screen.css';

const REFRESH_MS = 5 * 60_000;

function Stat({ label, value, text, tone }: { label: string; value: string | number; text?: string; tone?: 'good' | 'warn' | 'bad' }) {
  return (
    <div className={`screen-stat ${tone ? `tone-${tone}` : ''}`}>
      <div className="screen-stat-label">{label}</div>
      <div className="screen-stat-value">{value}</div>
      {text && <div className="screen-stat-text">{text}</div>}
    </div>
  );
}

function TownStats({ c }: { c: Cockpit }) {
  const t = c.towns[0];
  if (!t) return null;
  const l = t.litigation;
  return (
    <div className="screen-stats">
      <Stat label="无讼村（社区）占比" value={pct(t.share.value)} tone={t.share.min !== null && t.share.value !== null && t.share.value >= t.share.min ? 'good' : 'warn'} text={`${t.share.litigationFree}/${t.share.villages} 个达标${t.share.target !== null ? `，目标 ${pct(t.share.target, 0)}` : ''}`} />
      <Stat
        label="万人起诉率"
        value={num(l.rate)}
        tone={l.flagged ? 'bad' : 'good'}
        text={l.limit !== null ? `限值 ${num(l.limit)}${l.allowance !== null ? (l.allowance > 0 ? `，还可 ${l.allowance} 件` : `，已超 ${-l.allowance} 件`) : ''}` : (l.reason ?? '')}
      />
      <Stat label="化解率" value={pct(t.resolution.rate)} text={`化解 ${t.resolution.resolved}/${t.resolution.reached} 件`} />
      <Stat label="就地化解率" value={pct(t.resolution.localRate)} text={`就地化解 ${t.resolution.local} 件`} />
      <Stat label="在办纠纷" value={t.disputes.open} tone={t.disputes.overdue ? 'bad' : undefined} text={t.disputes.overdue ? `超期 ${t.disputes.overdue} 件` : '没有超期'} />
      <Stat label="无讼乡镇标准" value={`${t.standardsPassed}/${t.standardsTotal}`} tone={t.passed === false ? 'bad' : t.passed ? 'good' : undefined} text="已达到的标准项数" />
      <Stat label="排查覆盖率" value={t.screening ? pct(t.screening.coverage, 0) : '—'} text={t.screening ? `${t.screening.title}，已报 ${t.screening.reported}/${t.screening.covered}` : '暂无排查'} />
      {t.keyPersons && <Stat label="重点对象未按期联系" value={t.keyPersons.missed} tone={t.keyPersons.missed ? 'bad' : 'good'} text={`在管 ${t.keyPersons.underWatch} 人`} />}
    </div>
  );
}

function TownsWorstFirst({ c }: { c: Cockpit }) {
  return (
    <table className="screen-table">
      <thead>
        <tr>
          <th>乡镇（街道）</th>
          <th>标准</th>
          <th>无讼村占比</th>
          <th>万人起诉率</th>
          <th>预警村</th>
        </tr>
      </thead>
      <tbody>
        {c.compare.slice(0, 14).map((t) => (
          <tr key={t.code}>
            <td>{t.name}</td>
            <td>{`${t.standardsPassed}/${t.standardsTotal}`}</td>
            <td>{pct(t.villageShare)}</td>
            <td className={t.rateFlagged ? 'bad' : undefined}>{num(t.litigationRate)}</td>
            <td className={t.villageWarnings ? 'warn' : undefined}>{t.villageWarnings}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Warnings({ c }: { c: Cockpit }) {
  const t = c.towns[0];
  const rows = t
    ? [
        ...t.atRisk.map((v) => ({ key: `w-${v.code}`, tag: '起诉率预警', text: `${v.name}：已立案 ${v.casesSoFar} 件，全年额度 ${v.allowedCases ?? '—'} 件` })),
        ...t.bottom.map((v) => ({ key: `b-${v.code}`, tag: '排名末位', text: `${v.name}：第 ${v.rank} 名（共 ${v.of} 个），达到 ${v.standardsPassed}/${v.standardsTotal} 项` })),
      ]
    : c.compare.filter((x) => x.rateFlagged || x.villageWarnings > 0).map((x) => ({ key: x.code, tag: x.rateFlagged ? '乡镇预警' : '村预警', text: `${x.name}：预警村（社区）${x.villageWarnings} 个，万人起诉率 ${num(x.litigationRate)}` }));
  if (rows.length === 0) return <div className="screen-empty">按本年进度，暂无预警</div>;
  return (
    <ul className="screen-list">
      {rows.slice(0, 9).map((r) => (
        <li key={r.key}>
          <span className="screen-tag">{r.tag}</span>
          {r.text}
        </li>
      ))}
    </ul>
  );
}

export default function ScreenPage() {
  const navigate = useNavigate();
  const regionName = useRegionName();
  const { me, can } = useMe();
  const q = useCockpit(REFRESH_MS);
  const c = q.data;
  const year = dayjs().year();
  const monthly = useDisputeMonthly(year, can('disputes.read'));
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const id = window.setInterval(() => setNow(dayjs()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  // the month chart follows the cockpit's refresh
  useEffect(() => {
    if (q.dataUpdatedAt) void monthly.refetch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.dataUpdatedAt]);

  const chart = useMemo(() => {
    const months = (monthly.data?.months ?? []).slice(0, dayjs().month() + 1);
    const bar = (name: string, data: number[]) => ({ name, type: 'bar', barMaxWidth: 14, data });
    return {
      textStyle: { color: 'rgba(255,255,255,0.75)' },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: 'rgba(255,255,255,0.85)' } },
      grid: { left: 8, right: 8, top: 32, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => `${Number(m.month.slice(5))}月`), axisLine: { lineStyle: { color: 'rgba(255,255,255,0.3)' } } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: 'rgba(255,255,255,0.08)' } } },
      series: [bar('受理', months.map((m) => m.received)), bar('调解成功', months.map((m) => m.resolved)), bar('调解不成', months.map((m) => m.notResolved))],
    };
  }, [monthly.data]);

  const town = c?.towns[0];
  const place = me?.bindings.find((b) => b.regionCode)?.regionCode;
  const title = `${town ? town.name : place ? regionName(place) : ''}无讼创建驾驶舱`;
  const under = town?.code ?? null;
  return (
    <div className="screen" data-testid="screen">
      <header className="screen-header">
        <div className="screen-title">{title}</div>
        <div className="screen-time">
          {now.format('YYYY年M月D日 HH:mm')}
          {c && <span>{`数据截至 ${dayjs(c.computedAt).format('HH:mm')}，每 5 分钟自动刷新`}</span>}
          <Button type="text" size="small" icon={<CloseOutlined />} onClick={() => navigate('/')} className="screen-close" aria-label="退出大屏" />
        </div>
      </header>
      {!c ? (
        <div className="screen-loading">
          <Spin size="large" />
        </div>
      ) : (
        <main className="screen-body">
          <section className="screen-panel screen-left">
            <h2>{c.view === 'county' ? '各乡镇（街道）（最差在前）' : `${year} 年关键指标`}</h2>
            {c.view === 'county' ? <TownsWorstFirst c={c} /> : <TownStats c={c} />}
          </section>
          <section className="screen-panel screen-centre">
            <h2>村（社区）考评状态</h2>
            <div className="screen-map">{c.map.length > 0 ? <VillageMap villages={c.map} under={under} height="100%" dark colourBy="standing" /> : <div className="screen-empty">暂无可显示的村（社区）</div>}</div>
          </section>
          <section className="screen-panel screen-right">
            <h2>{`${dayjs(c.month.month + '-01').format('M')} 月受理与化解`}</h2>
            <div className="screen-stats screen-month">
              <Stat label="本月受理" value={c.month.received} text="件" />
              <Stat label="本月化解" value={c.month.resolved} text={`有结果 ${c.month.reached} 件`} />
              <Stat label="本月化解率" value={c.month.reached ? pct(c.month.resolved / c.month.reached) : '—'} text="化解 ÷ 有结果" />
            </div>
            <div className="screen-chart">
              <Chart option={chart} height="100%" />
            </div>
            <h2>预警</h2>
            <Warnings c={c} />
          </section>
        </main>
      )}
    </div>
  );
}
