/**
 * One-page summary of a dispute for the handler before a session (issue 17.4): parties, what happened so far in
 * this dispute and the same parties' other disputes, the grade and its reasons, similar concluded cases, and the
 * deadlines. Printable on one A4 page (the frame and the buttons are left out when printing).
 */
import { Button, Space, Spin, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { AGREEMENT_FORMS, DISPUTE_OUTCOMES, PARTY_ROLES, RISK_LEVELS, labelOf } from '../../../../core/dictionaries.ts';
import { gradeLabel, reasonsText } from '../../../../core/grading.ts';
import { actionLabel } from '../../../../core/dispute-flow.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { channelLabel, levelName, stateName, useDictionaries } from './common.tsx';
import { useDispute, usePartyHistory, useSimilarCases } from './api.ts';

const STAGE_OUTCOMES: Record<string, string> = { resolved: '调解成功', failed: '调解不成', withdrawn: '撤回', transferred: '已流转' };
const cell: React.CSSProperties = { border: '1px solid #bbb', padding: '2px 6px', verticalAlign: 'top' };
const head: React.CSSProperties = { ...cell, background: '#f3f3f3', fontWeight: 600, whiteSpace: 'nowrap' };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section style={{ marginTop: 8 }}>
      <div style={{ fontWeight: 700, borderLeft: '3px solid #1d4f91', paddingLeft: 6, marginBottom: 3 }}>{title}</div>
      {children}
    </section>
  );
}

export default function BriefPage() {
  const { id = '' } = useParams();
  const q = useDispute(id);
  const history = usePartyHistory(id);
  const similar = useSimilarCases(id);
  const dict = useDictionaries();
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (!q.data) return <ProblemAlert error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const current = d.stages.find((s) => !s.closedOn);
  const deadlines: string[] = [];
  if (current) deadlines.push(`本阶段（${levelName(current.level)}）办理期限 ${current.extendedDueOn ?? current.dueOn}${d.overdue ? '，已超期' : ''}`);
  if (d.agreement?.performanceDeadline) deadlines.push(`协议履行期限 ${d.agreement.performanceDeadline}`);
  if (d.agreement?.confirmationWindowOpen) deadlines.push(`司法确认申请截止 ${d.agreement.confirmationDeadline}`);
  for (const f of d.roundsFlags) deadlines.push(f.message);
  const events = d.events.filter((e) => e.action !== 'note').slice(-6);
  return (
    <div style={{ maxWidth: 800, margin: '0 auto', background: '#fff', padding: 16, fontSize: 12, lineHeight: 1.5 }} data-testid="brief">
      <Space className="no-print" style={{ marginBottom: 8 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        <Link to={`/disputes/${d.id}`}>返回详情</Link>
      </Space>
      <Typography.Title level={4} style={{ margin: 0, textAlign: 'center' }}>
        纠纷办理摘要
      </Typography.Title>
      <div style={{ textAlign: 'center', color: '#555' }}>
        {`${d.number} · ${stateName(d.state)} · ${d.regionName ?? ''} · ${dict.categoryLabel(d.category)} · ${d.receivedOn} ${channelLabel(d.channel)}登记`}
      </div>
      <Section title={`四色分级：${gradeLabel(d.grade) || '未评'}（风险分 ${d.gradeScore ?? 0}）`}>
        <div data-testid="brief-grade">{reasonsText(d.gradeReasons)}</div>
        {d.routeSuggestion && <div>{`分级建议：${d.routeSuggestion.text}`}</div>}
        {d.routeOverride && !d.routeSuggestion && <div>{`${d.routeOverride.byName}未按分级建议流转，理由：${d.routeOverride.reason}`}</div>}
      </Section>
      <Section title="基本情况">
        <div>{d.summary}</div>
        <div style={{ color: '#555' }}>
          {`涉及 ${d.peopleCount} 人${d.amount ? `，金额 ${d.amount} 元` : ''}；风险等级${labelOf(RISK_LEVELS, d.riskLevel)}${d.mayTurnCriminal ? '；可能民转刑' : ''}${d.threatensPetition ? '；扬言上访' : ''}${d.group ? '；群体性' : ''}`}
        </div>
      </Section>
      <Section title="当事人">
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <tbody>
            {d.parties.map((p) => (
              <tr key={p.id}>
                <td style={head}>{labelOf(PARTY_ROLES, p.role)}</td>
                <td style={cell}>{p.name}</td>
                <td style={cell}>{p.idNumber ?? '—'}</td>
                <td style={cell}>{p.phone ?? '—'}</td>
                <td style={cell}>{p.address ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="期限">
        <div data-testid="brief-deadlines">{deadlines.length ? deadlines.join('；') : '暂无进行中的期限'}</div>
      </Section>
      <Section title={`本纠纷经过（调解 ${d.sessionsCount} 次${d.mediationDays !== null ? `，已 ${d.mediationDays} 天` : ''}）`}>
        {d.stages.length ? (
          <div>
            {d.stages.map((s) => `${s.seq}. ${levelName(s.level)}·${s.unitName ?? ''} ${s.acceptedOn} 受理${s.closedOn ? `，${s.closedOn} ${STAGE_OUTCOMES[s.outcome ?? ''] ?? ''}` : '，办理中'}`).join('；')}
          </div>
        ) : (
          <div>尚未受理</div>
        )}
        <div style={{ color: '#555' }}>{events.map((e) => `${e.occurredOn} ${e.action === 'register' ? '登记' : e.action === 'route_override' ? '未按分级建议流转' : actionLabel(e.action)}${e.reason ? `（${e.reason}）` : ''}`).join('；')}</div>
      </Section>
      <Section title="同一当事人的其他纠纷">
        {history.data?.items.length ? (
          history.data.items.slice(0, 5).map((h) => (
            <div key={h.id}>{`${h.number}（${h.receivedOn}，${dict.categoryLabel(h.category)}，${h.outcome ? labelOf(DISPUTE_OUTCOMES, h.outcome) : stateName(h.state)}${h.grade ? `，${gradeLabel(h.grade)}` : ''}）${h.parties}：${h.summary.slice(0, 40)}`}</div>
          ))
        ) : (
          <div>{history.isLoading ? '载入中' : '无'}</div>
        )}
      </Section>
      <Section title="相似案例（本镇已办结）">
        {similar.data?.cases.length ? (
          similar.data.cases.slice(0, 3).map((c) => (
            <div key={c.number}>
              {`${c.number}（${labelOf(DISPUTE_OUTCOMES, c.outcome)}，相似度 ${Math.round(c.similarity * 100)}%）${c.summary.slice(0, 50)}`}
              {c.agreementContent && <span style={{ color: '#555' }}>{` 〔${labelOf(AGREEMENT_FORMS, c.agreementForm)}协议：${c.agreementContent.slice(0, 60)}〕`}</span>}
            </div>
          ))
        ) : (
          <div>{similar.isLoading ? '载入中' : '无'}</div>
        )}
      </Section>
    </div>
  );
}
