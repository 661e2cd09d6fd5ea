/**
 * The dispute ledger (纠纷台账): every dispute in the user's scope, filtered as SPEC §11 says (state list,
 * region with its subtree, category, overdue, text / number / party / exact identity number), newest
 * first, 20–100 per page; the filtered list exports to Excel. Filters live in the address, so links such
 * as /disputes?overdue=1 from the workbench open the right list.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Grid, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { DISPUTE_STATES, LEVELS, RISK_LEVELS } from '../../../../core/dictionaries.ts';
import { looksLikeIdNumber, normalizeIdNumber } from '../../../../core/id-number.ts';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { dictOptions } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { DueText, FlagTags, GradeTag, levelName, StateTag, useDictionaries } from './common.tsx';
import { GRADES } from '../../../../core/grading.ts';
import { useOutbox } from './intake-hooks.ts';
import { invalidateAfterDisputeChange, useDisputeList } from './api.ts';
import type { DisputeItem } from './types.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';
import { activeFilters, FilterBar } from '../../app/components/FilterBar.tsx';
import { BatchResultModal, ExportSelected, SelectionBar, useRowSelection } from '../../app/components/AppTableBatch.tsx';
import type { BatchResult } from '../../../../core/schemas/batch.ts';
import { BATCH_TITLES, BatchModal, type BatchAction } from './BatchModal.tsx';
import { openPage } from '../../app/routes.tsx';

const FILTER_KEYS = ['state', 'region', 'category', 'overdue', 'q', 'level', 'riskLevel', 'from', 'to', 'mine', 'grade', 'sort'] as const;

// numbers, dates and tags stay on one line; the free-text columns take the wrapping
const oneLine = { onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }), onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

/** Intakes kept on this device (no connection when submitted): count, send now. */
export function OutboxBanner() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { items, refused, busy, send: flush } = useOutbox();
  if (!items.length) return null;
  const send = async () => {
    const r = await flush();
    if (r.sent.length) void invalidateAfterDisputeChange(qc);
    if (r.sent.length) message.success(`已提交 ${r.sent.length} 件：${r.sent.map((s) => s.number).join('、')}`);
    if (r.failed) message.warning(`${r.failed} 件未能提交，请检查网络或内容`);
  };
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={`本机有 ${items.length} 件离线登记尚未提交`}
      description={refused.length ? `其中 ${refused.length} 件被退回：${refused.map((i) => i.error).join(';')}` : '联网后会自动提交，也可以立即提交。'}
      action={
        <Button size="small" type="primary" loading={busy} onClick={send}>
          立即提交
        </Button>
      }
    />
  );
}

export default function DisputesPage() {
  const { can, roles } = useMe();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const dict = useDictionaries();
  // an identity number searched for is kept in the page, never in the address (history, bookmarks, referrers)
  const [idQ, setIdQ] = useState<string | undefined>(() => (looksLikeIdNumber(params.get('q')) ? normalizeIdNumber(params.get('q')!) : undefined));
  useEffect(() => {
    if (!looksLikeIdNumber(params.get('q'))) return;
    setIdQ(normalizeIdNumber(params.get('q')!));
    const next = new URLSearchParams(params);
    next.delete('q');
    setParams(next, { replace: true });
  }, [params, setParams]);
  const filters = { ...Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])), ...(idQ ? { q: idQ } : {}) } as Record<(typeof FILTER_KEYS)[number], string | undefined>;
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const set = (patch: Record<string, string | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (resetPage) next.delete('page');
    setParams(next, { replace: true });
  };
  const query = { ...filters, page, pageSize };
  const q = useDisputeList(query);
  // rows chosen for batch work, kept across pages
  const sel = useRowSelection<DisputeItem>(q.data?.items ?? []);
  const [batch, setBatch] = useState<BatchAction | null>(null);
  const [result, setResult] = useState<{ action: BatchAction; r: BatchResult } | null>(null);

  return (
    <>
      <PageHeader
        title="纠纷台账"
        subtitle="一门受理、分级流转；按状态、地区、类别、超期筛选，可导出 Excel"
        extra={
          <>
            {idQ ? <ExportButton url={apiUrl('/disputes/search')} body={{ ...filters, format: 'xlsx' }} /> : <ExportButton url={apiUrl('/disputes', { ...filters, format: 'xlsx' })} />}
            {can('disputes.intake') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => openPage('/disputes/new', roles, navigate)}>
                登记纠纷
              </Button>
            )}
          </>
        }
      />
      <OutboxBanner />
      <FilterBar active={activeFilters({ ...filters, sort: undefined })}>
        <Select
          mode="multiple"
          allowClear
          placeholder="状态"
          value={filters.state ? filters.state.split(',') : []}
          onChange={(v: string[]) => set({ state: v.join(',') || undefined })}
          options={dictOptions(DISPUTE_STATES)}
          style={{ minWidth: 160 }}
          maxTagCount="responsive"
        />
        <RegionSelect value={filters.region} onChange={(v: string | undefined) => set({ region: v })} placeholder="地区（含下级）" style={{ width: 180 }} />
        <Select allowClear placeholder="类别" value={filters.category} onChange={(v) => set({ category: v })} options={dict.categoryOptions} style={{ width: 130 }} showSearch={{ optionFilterProp: 'label' }} />
        <Select allowClear placeholder="层级" value={filters.level} onChange={(v) => set({ level: v })} options={dictOptions(LEVELS)} style={{ width: 110 }} />
        <Select
          mode="multiple"
          allowClear
          placeholder="四色分级"
          data-testid="grade-filter"
          value={filters.grade ? filters.grade.split(',') : []}
          onChange={(v: string[]) => set({ grade: v.join(',') || undefined })}
          options={dictOptions(GRADES)}
          style={{ minWidth: 130 }}
          maxTagCount="responsive"
        />
        <Select value={filters.sort ?? 'received'} onChange={(v) => set({ sort: v === 'received' ? undefined : v })} options={[{ value: 'received', label: '按登记日期排序' }, { value: 'grade', label: '按分级排序（红色在前）' }]} style={{ width: 180 }} />
        <Select allowClear placeholder="风险" value={filters.riskLevel} onChange={(v) => set({ riskLevel: v })} options={dictOptions(RISK_LEVELS)} style={{ width: 90 }} />
        <DayPicker.RangePicker
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          placeholder={['登记起', '登记止']}
          style={{ width: 240 }}
        />
        <Space size={4}>
          <Switch size="small" checked={filters.overdue === '1'} onChange={(v) => set({ overdue: v ? '1' : undefined })} />
          <span>仅超期</span>
        </Space>
        <Space size={4}>
          <Switch size="small" checked={filters.mine === '1'} onChange={(v) => set({ mine: v ? '1' : undefined })} />
          <span>我承办的</span>
        </Space>
        <Input.Search allowClear defaultValue={filters.q} placeholder="编号、摘要、当事人、身份证号" onSearch={(v) => {
            const id = looksLikeIdNumber(v);
            setIdQ(id ? normalizeIdNumber(v) : undefined);
            set({ q: id ? undefined : v.trim() || undefined });
          }} style={{ width: 240 }} />
      </FilterBar>
      <SelectionBar count={sel.count} onClear={sel.clear}>
        {can('disputes.handle') && (
          <>
            <Button size="small" type="primary" onClick={() => setBatch('accept')} data-testid="batch-accept">
              受理所选
            </Button>
            <Button size="small" onClick={() => setBatch('assign')} data-testid="batch-assign">
              指派所选
            </Button>
          </>
        )}
        <ExportSelected path="/disputes/search" ids={sel.ids} post />
      </SelectionBar>
      <BatchModal action={batch} rows={sel.rows} onClose={() => setBatch(null)} onDone={(r) => {
          if (batch) setResult({ action: batch, r });
          setBatch(null);
          // the rows done leave the selection; those refused stay, to be looked at
          sel.keep(r.results.filter((x) => !x.ok).map((x) => x.id));
        }} />
      <BatchResultModal title={result ? `${BATCH_TITLES[result.action]}结果` : ''} result={result?.r ?? null} onClose={() => setResult(null)} />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {phone ? (
        <List
          data-testid="card-list"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize, total: q.data?.total ?? 0, size: 'small', onChange: (p, s) => set({ page: String(p), pageSize: String(s) }, false), showTotal: (t) => `共 ${t} 条` }}
          renderItem={(d) => (
            <Card size="small" className="list-card" style={{ marginBottom: 8 }} onClick={() => navigate(`/disputes/${d.id}`)} hoverable>
              <Space wrap size={4}>
                <Checkbox checked={sel.has(d.id)} onClick={(e) => e.stopPropagation()} onChange={(e) => sel.toggle(d, e.target.checked)} aria-label="选择" />
                <Typography.Text strong>{d.number}</Typography.Text>
                <GradeTag grade={d.grade} />
                <StateTag state={d.state} />
                <FlagTags d={d} />
              </Space>
              <div style={{ margin: '4px 0' }}>{d.summary}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.receivedOn} · {d.regionName} · {dict.categoryLabel(d.category)} · {d.parties.map((p) => p.name).join('、')}
                {d.dueOn ? ` · 期限 ${d.dueOn}` : ''}
              </Typography.Text>
              {d.overdue && <Tag color="red" style={{ marginLeft: 6 }}>超期</Tag>}
            </Card>
          )}
        />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <AppTable<DisputeItem>
            rowKey="id"
            rowSelection={sel.rowSelection}
            loading={q.isLoading}
            dataSource={q.data?.items ?? []}
            pagination={{ current: page, pageSize, total: q.data?.total ?? 0, onChange: (p, s) => set({ page: String(p), pageSize: String(s) }, false) }}
            columns={[
              { title: '编号', dataIndex: 'number', fixed: 'left', ...oneLine, render: (v, d) => <Link to={`/disputes/${d.id}`}>{v}</Link> },
              { title: '分级', dataIndex: 'grade', ...oneLine, render: (v, d) => <GradeTag grade={v} reasons={d.gradeReasons} /> },
              { title: '登记日期', dataIndex: 'receivedOn', ...oneLine },
              { title: '发生地', dataIndex: 'regionName' },
              { title: '类别', dataIndex: 'category', render: (v) => dict.categoryLabel(v) },
              {
                title: '简要情况',
                dataIndex: 'summary',
                render: (v: string, d) => (
                  <div style={{ maxWidth: 360 }}>
                    <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0 }}>
                      {v}
                    </Typography.Paragraph>
                    <FlagTags d={d} />
                  </div>
                ),
              },
              { title: '当事人', key: 'parties', render: (_, d) => d.parties.map((p) => `${p.name}${p.phone ? ` ${p.phone}` : ''}`).join('；') },
              { title: '状态', dataIndex: 'state', ...oneLine, render: (v) => <StateTag state={v} /> },
              { title: '承办', key: 'unit', render: (_, d) => (d.currentLevel ? `${levelName(d.currentLevel)} · ${d.currentUnitName ?? ''}${d.currentHandlerName ? ` · ${d.currentHandlerName}` : ''}` : '—') },
              { title: '办理期限', dataIndex: 'dueOn', ...oneLine, render: (v, d) => <DueText dueOn={v} overdue={d.overdue} /> },
              { title: '调解次数', dataIndex: 'sessionsCount', align: 'right', ...oneLine },
            ]}
          />
        </Card>
      )}
    </>
  );
}
