/**
 * Screening (排查, SPEC §6.1). Villages and grids see the campaigns they must report on and file a zero
 * report in one tap, or the risks they found; the town office sets up campaigns and watches coverage and
 * late reports live, and may reopen a filed report with a reason.
 */
import { useEffect, useMemo, useState } from 'react';
import dayjs from 'dayjs';
import { App, Button, Card, Col, Descriptions, Drawer, Empty, Flex, Form, Grid, Input, InputNumber, Modal, Progress, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { apiUrl } from '../../app/api.ts';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { useMe } from '../../app/auth.tsx';
import { useRegions } from '../../app/data.ts';
import { dictOptions, labelOf } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { DISPUTE_CATEGORIES, RISK_LEVELS, RISK_STATUSES, SCREENING_TYPES } from '../../../../core/dictionaries.ts';
import { dayField, pctText, PlainList, StatusTag, todayStr, yearOptions } from '../prevention/common.tsx';
import { getCampaign, useCampaign, useCampaigns, useFileReport, useMyTasks, useReopenReport, useSaveCampaign } from './api.ts';
import { LEVEL_COLORS, RISK_STATUS_COLORS, TARGET_STATES, type Campaign, type Summary, type Target, type Task } from './types.ts';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { CampaignCreate, RiskFields as RiskSchema } from '../../../../core/schemas/screening.ts';
import { SCREENING_REPORTERS } from '../../../../core/roles.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';


/** The fields of one risk, inside a Form.List. */
export function RiskFields({ name }: { name: number | string }) {
  return (
    <>
      <Form.Item name={[name, 'category']} label="类别" rules={[zodRule(RiskSchema.category, '请选择类别')]}>
        <Select options={dictOptions(DISPUTE_CATEGORIES)} placeholder="纠纷类别" showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name={[name, 'description']} label="隐患情况" rules={[zodRule(RiskSchema.description)]}>
        <Input.TextArea rows={2} maxLength={4000} placeholder="简要说明发生了什么" />
      </Form.Item>
      <Flex gap={8} wrap>
        <Form.Item name={[name, 'peopleInvolved']} label="涉及人员" style={{ flex: '1 1 160px' }}>
          <Input maxLength={500} placeholder="姓名，用顿号分隔" />
        </Form.Item>
        <Form.Item name={[name, 'peopleCount']} label="人数" style={{ width: 90 }}>
          <InputNumber min={1} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name={[name, 'level']} label="风险等级" style={{ width: 110 }}>
          <Select options={dictOptions(RISK_LEVELS)} />
        </Form.Item>
      </Flex>
      <Form.Item name={[name, 'measures']} label="已采取措施">
        <Input.TextArea rows={1} maxLength={4000} />
      </Form.Item>
    </>
  );
}

const emptyRisk = () => ({ category: undefined, description: '', peopleCount: 1, level: 'general' });

type ReportFor = Pick<Task, 'campaignId' | 'regionCode' | 'regionName'>;

function RiskReportModal({ task, onClose }: { task: ReportFor | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  useEffect(() => {
    if (task) form.setFieldsValue({ risks: [emptyRisk()], notes: '' });
  }, [task, form]);
  const save = useFileReport({
    onSuccess: (r) => {
      message.success(r.late ? '已上报（已过截止日期，记为迟报）' : '已上报');
      onClose();
    },
  });
  return (
    <Modal title={task ? `上报隐患：${task.regionName}` : ''} open={!!task} onCancel={onClose} onOk={() => form.submit()} okText="上报" confirmLoading={save.isPending} destroyOnHidden forceRender>
      <Form form={form} layout="vertical" onFinish={(v: { risks: unknown[]; notes?: string }) => save.mutate({ campaignId: task!.campaignId, body: { regionCode: task!.regionCode, zeroReport: false, risks: v.risks, notes: v.notes } })} requiredMark="optional">
        <Form.List name="risks">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" title={`隐患 ${i + 1}`} style={{ marginBottom: 12 }} extra={fields.length > 1 && <a onClick={() => remove(f.name)}>删除</a>}>
                  <RiskFields name={f.name} />
                </Card>
              ))}
              <Button block icon={<PlusOutlined />} onClick={() => add(emptyRisk())} style={{ marginBottom: 12 }}>
                再加一条隐患
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** "To report" cards for villages and grids: one tap for a zero report. */
function MyTasks() {
  const { modal, message } = App.useApp();
  const q = useMyTasks();
  const [riskTask, setRiskTask] = useState<Task | null>(null);
  const zero = useFileReport({ onSuccess: (r) => message.success(r.late ? '零报告已上报（迟报）' : '零报告已上报') });
  const tasks = q.data ?? [];
  const open = tasks.filter((t) => t.state === 'pending' || t.state === 'overdue' || t.state === 'reopened');
  const done = tasks.filter((t) => !open.includes(t));
  return (
    <Card title="待我上报" size="small" style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{open.length ? `${open.length} 项待报` : '已全部上报'}</Typography.Text>}>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {open.length === 0 && !q.isLoading && <Empty image={<CheckCircleOutlined style={{ fontSize: 36, color: '#52c41a' }} />} styles={{ image: { height: 40 } }} description="没有待上报的排查" />}
      <PlainList
        items={open}
        loading={q.isLoading}
        empty={null}
        rowKey={(t) => `${t.campaignId}:${t.regionCode}`}
        render={(t) => (
          <div data-testid={`task-${t.campaignId}-${t.regionCode}`}>
            <Flex justify="space-between" gap={8} wrap>
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>{t.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {t.regionName} · 截止 {t.deadline}
                  </Typography.Text>{' '}
                  <StatusTag value={t.state} map={TARGET_STATES} />
                </div>
                {t.state === 'reopened' && t.reopenReason && (
                  <Typography.Text type="danger" style={{ fontSize: 13 }}>
                    退回原因：{t.reopenReason}
                  </Typography.Text>
                )}
              </div>
            </Flex>
            <Flex gap={8} style={{ marginTop: 8 }}>
              <Button
                type="primary"
                size="large"
                style={{ flex: 1 }}
                icon={<CheckCircleOutlined />}
                loading={zero.isPending && zero.variables?.campaignId === t.campaignId && zero.variables?.body.regionCode === t.regionCode}
                onClick={() =>
                  modal.confirm({
                    title: '确认零报告？',
                    content: `${t.regionName}在“${t.title}”中未发现矛盾纠纷隐患。`,
                    okText: '确认上报',
                    cancelText: '取消',
                    onOk: () => zero.mutateAsync({ campaignId: t.campaignId, body: { regionCode: t.regionCode, zeroReport: true } }),
                  })
                }
              >
                零报告
              </Button>
              <Button size="large" style={{ flex: 1 }} icon={<ExclamationCircleOutlined />} onClick={() => setRiskTask(t)}>
                报告隐患
              </Button>
            </Flex>
          </div>
        )}
      />
      {done.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
          近期已上报：{done.map((t) => `${t.title}（${t.regionName}，${t.zeroReport ? '零报告' : '有隐患'}${t.state === 'late' ? '，迟报' : ''}）`).join('；')}
        </Typography.Paragraph>
      )}
      <RiskReportModal task={riskTask} onClose={() => setRiskTask(null)} />
    </Card>
  );
}

function CoverageBar({ s, testId }: { s: Summary; testId?: string }) {
  const pct = s.coverage.value === null ? 0 : Math.round(s.coverage.value * 100);
  return (
    <div data-testid={testId} style={{ minWidth: 140 }}>
      <Progress percent={pct} size="small" status={pct === 100 ? 'success' : 'active'} format={() => <span className="coverage-text">{pctText(s.coverage)}</span>} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        按时 {s.onTime}/{s.covered}
        {s.late ? ` · 迟报 ${s.late}` : ''}
        {s.missing ? ` · 未报 ${s.missing}` : ''}
      </Typography.Text>
    </div>
  );
}

function CampaignForm({ open, editing, onClose }: { open: boolean; editing: Campaign | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { data: regions } = useRegions();
  const towns = (regions ?? []).filter((r) => r.level === 'town');
  const town = Form.useWatch('regionCode', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      getCampaign(editing.id).then((d) => form.setFieldsValue({ ...editing, targets: d.targets.map((t) => t.regionCode) }));
    } else {
      const t = todayStr();
      form.setFieldsValue({ type: 'regular', startsOn: t, regionCode: towns.length === 1 ? towns[0].code : undefined });
    }
  }, [open, editing, form]); // eslint-disable-line react-hooks/exhaustive-deps
  const pick = (levels: string[]) => {
    const list = (regions ?? []).filter((r) => r.active && levels.includes(r.level) && r.townCode === town).map((r) => r.code);
    form.setFieldValue('targets', list);
  };
  const save = useSaveCampaign({ onSuccess: onClose });
  const submit = (v: Record<string, unknown>) => save.mutate(editing ? { id: editing.id, body: { ...v, regionCode: undefined, version: editing.version } } : { body: v });
  return (
    <Modal title={editing ? '修改排查' : '新建排查'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={620} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="title" label="排查名称" rules={[zodRule(CampaignCreate.shape.title)]}>
          <Input maxLength={200} placeholder="如 2024年春节前矛盾纠纷专项排查" />
        </Form.Item>
        <FieldRow>
          <Form.Item name="type" label="类型" rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
            <Select options={dictOptions(SCREENING_TYPES)} />
          </Form.Item>
          <Form.Item name="regionCode" label="组织乡镇" rules={[zodRule(CampaignCreate.shape.regionCode, '请选择乡镇')]} style={{ flex: '1 1 160px' }}>
            <RegionSelect levels={['town']} disabled={!!editing} />
          </Form.Item>
        </FieldRow>
        <FieldRow>
          <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择' }]} {...dayField} style={{ flex: '1 1 120px' }}>
            <DayPicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="endsOn" label="结束日期" rules={[{ required: true, message: '请选择' }]} {...dayField} style={{ flex: '1 1 120px' }}>
            <DayPicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="deadline" label="上报截止" rules={[{ required: true, message: '请选择' }]} {...dayField} style={{ flex: '1 1 120px' }}>
            <DayPicker style={{ width: '100%' }} />
          </Form.Item>
        </FieldRow>
        <Form.Item
          name="targets"
          label={
            <Space>
              覆盖范围
              <a onClick={() => pick(['village', 'community'])}>全部村（社区）</a>
              <a onClick={() => pick(['grid'])}>全部网格</a>
            </Space>
          }
          rules={[zodRule(CampaignCreate.shape.targets, '请选择覆盖的村（社区）或网格')]}
          extra="每个覆盖的村（社区）或网格各报一次：发现的隐患，或零报告"
        >
          <RegionSelect multiple levels={['village', 'community', 'grid']} />
        </Form.Item>
        <Form.Item name="notes" label="工作要求">
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReopenModal({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const { message } = App.useApp();
  useEffect(() => setReason(''), [target]);
  const m = useReopenReport({
    onSuccess: () => {
      message.success('已退回，请该地区重新上报');
      onClose();
    },
  });
  return (
    <Modal title={`退回 ${target?.name ?? ''} 的报告`} open={!!target} onCancel={onClose} onOk={() => m.mutate({ reportId: target!.report!.id, reason, version: target!.report!.version })} okText="退回" okButtonProps={{ danger: true, disabled: !reason.trim() }} confirmLoading={m.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">退回后该地区须重新上报；退回原因记入审计日志。</Typography.Paragraph>
      <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} placeholder="退回原因（必填）" />
    </Modal>
  );
}

const OPEN_STATES = ['pending', 'overdue', 'reopened'];

function CampaignDrawer({ id, initialFilter, onClose, onEdit }: { id: string | null; initialFilter?: string; onClose: () => void; onEdit: (c: Campaign) => void }) {
  const screens = Grid.useBreakpoint();
  const { can } = useMe();
  const { modal, message } = App.useApp();
  const q = useCampaign(id);
  const [reopen, setReopen] = useState<Target | null>(null);
  const [behalf, setBehalf] = useState<ReportFor | null>(null);
  const [filter, setFilter] = useState<string | undefined>(initialFilter);
  useEffect(() => setFilter(initialFilter), [id, initialFilter]);
  const zero = useFileReport({ onSuccess: (r) => message.success(r.late ? '已代为上报零报告（迟报）' : '已代为上报零报告') });
  // the town office files for a village or grid that cannot (no signal, no cadre at hand); audited as theirs
  const fileFor = (t: Target) =>
    modal.confirm({
      title: `代${t.name}上报零报告？`,
      content: `${t.name}在“${d!.campaign.title}”中未发现矛盾纠纷隐患。上报人记为您本人。`,
      okText: '确认上报',
      cancelText: '取消',
      onOk: () => zero.mutateAsync({ campaignId: d!.campaign.id, body: { regionCode: t.regionCode, zeroReport: true } }),
    });
  const d = q.data;
  const targets = (d?.targets ?? []).filter((t) => !filter || (filter === 'unreported' ? OPEN_STATES.includes(t.state) : t.state === filter));
  return (
    <Drawer title={d?.campaign.title ?? '排查详情'} open={!!id} onClose={onClose} size={screens.md ? 720 : '100%'} destroyOnHidden extra={can('prevention.write') && d && <Button onClick={() => onEdit({ ...d.campaign, summary: d.summary })}>修改</Button>}>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {d && (
        <>
          <Descriptions size="small" column={screens.md ? 2 : 1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="类型">{labelOf(SCREENING_TYPES, d.campaign.type)}</Descriptions.Item>
            <Descriptions.Item label="时间">
              {d.campaign.startsOn} 至 {d.campaign.endsOn}
            </Descriptions.Item>
            <Descriptions.Item label="上报截止">{d.campaign.deadline}</Descriptions.Item>
            {d.campaign.notes && <Descriptions.Item label="工作要求">{d.campaign.notes}</Descriptions.Item>}
          </Descriptions>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} sm={6}>
              <Statistic title="覆盖率（按时）" value={pctText(d.summary.coverage)} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title="已报 / 应报" value={`${d.summary.reported}/${d.summary.covered}`} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title="迟报" value={d.summary.late} styles={d.summary.late ? { content: { color: '#d46b08' } } : undefined} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title="发现隐患" value={d.summary.risksFound} suffix={`/ 零报告 ${d.summary.zeroReports}`} />
            </Col>
          </Row>
          <Space wrap style={{ marginBottom: 8 }}>
            <Select allowClear placeholder="按上报状态筛选" value={filter} onChange={setFilter} options={[{ value: 'unreported', label: '尚未上报（全部）' }, ...Object.entries(TARGET_STATES).map(([k, [l]]) => ({ value: k, label: l }))]} style={{ width: 180 }} />
            <ExportButton url={apiUrl(`/screening/campaigns/${id}`, { format: 'xlsx' })} label="导出上报情况" />
          </Space>
          <PlainList
            items={targets}
            rowKey={(t) => t.regionCode}
            render={(t) => (
              <div data-testid={`target-${t.regionCode}`}>
                <Flex justify="space-between" gap={8} align="flex-start">
                <Space wrap>
                  <Typography.Text strong>{t.name}</Typography.Text>
                  <StatusTag value={t.state} map={TARGET_STATES} />
                  {t.report && t.report.status === 'submitted' && (
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {t.report.zeroReport ? '零报告' : `隐患 ${t.risks.length} 条`} · {t.report.submittedOn} · {t.report.submittedByName}
                    </Typography.Text>
                  )}
                  {t.report?.status === 'reopened' && (
                    <Typography.Text type="danger" style={{ fontSize: 13 }}>
                      退回：{t.report.reopenReason}（{t.report.reopenedBy}）
                    </Typography.Text>
                  )}
                </Space>
                {can('prevention.write') && t.report?.status === 'submitted' && (
                  <Button size="small" icon={<RollbackOutlined />} onClick={() => setReopen(t)}>
                    退回
                  </Button>
                )}
                {can('screening.report') && OPEN_STATES.includes(t.state) && (
                  <Space size={4} wrap>
                    <Button size="small" onClick={() => fileFor(t)}>
                      代报零报告
                    </Button>
                    <Button size="small" onClick={() => setBehalf({ campaignId: d.campaign.id, regionCode: t.regionCode, regionName: t.name })}>
                      代报隐患
                    </Button>
                  </Space>
                )}
                </Flex>
                {t.risks.map((r) => (
                  <div key={r.id} style={{ marginTop: 6, paddingLeft: 12, borderLeft: '3px solid #fa8c16' }}>
                    <Space wrap size={4}>
                      <Tag>{labelOf(DISPUTE_CATEGORIES, r.category)}</Tag>
                      <Tag color={LEVEL_COLORS[r.level]}>{labelOf(RISK_LEVELS, r.level)}</Tag>
                      <Tag color={RISK_STATUS_COLORS[r.status]}>{labelOf(RISK_STATUSES, r.status)}</Tag>
                    </Space>
                    <div>{r.description}</div>
                    {r.peopleInvolved && <Typography.Text type="secondary">涉及：{r.peopleInvolved}（{r.peopleCount} 人）</Typography.Text>}
                  </div>
                ))}
              </div>
            )}
          />
          <Link to={`/screening/risks?campaign=${d.campaign.id}`}>在隐患台账中查看本次排查的隐患 →</Link>
        </>
      )}
      <ReopenModal target={reopen} onClose={() => setReopen(null)} />
      <RiskReportModal task={behalf} onClose={() => setBehalf(null)} />
    </Drawer>
  );
}

/** What the town office watches: the campaigns under way, their coverage and who has not reported yet. */
function CampaignsUnderWay({ campaigns, onOpen }: { campaigns: Campaign[]; onOpen: (id: string, filter?: string) => void }) {
  const day = todayStr();
  const monthAgo = dayjs(day).subtract(30, 'day').format('YYYY-MM-DD');
  // under way, or past its deadline within the month with villages still to report
  const live = campaigns.filter((c) => c.startsOn <= day && (c.endsOn >= day || c.deadline >= day || (c.summary.missing > 0 && c.deadline >= monthAgo)));
  if (live.length === 0) return null;
  return (
    <Card size="small" title="进行中的排查" style={{ marginBottom: 16 }} data-testid="campaigns-under-way">
      <PlainList
        items={live}
        rowKey={(c) => c.id}
        render={(c) => (
          <Flex justify="space-between" align="center" gap={12} wrap>
            <div style={{ minWidth: 0, flex: '1 1 220px' }}>
              <a onClick={() => onOpen(c.id)}>
                <Typography.Text strong>{c.title}</Typography.Text>
              </a>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  截止 {c.deadline} · 应报 {c.summary.covered} · 发现隐患 {c.summary.risksFound} 条
                </Typography.Text>
              </div>
            </div>
            <CoverageBar s={c.summary} />
            {c.summary.missing > 0 ? (
              <Button onClick={() => onOpen(c.id, 'unreported')}>查看未报（{c.summary.missing}）</Button>
            ) : (
              <Tag color="success">已全部上报</Tag>
            )}
          </Flex>
        )}
      />
    </Card>
  );
}

export default function ScreeningPage() {
  const { can, roles } = useMe();
  const screens = Grid.useBreakpoint();
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [type, setType] = useState<string | undefined>();
  const [detail, setDetail] = useState<string | null>(null);
  const [detailFilter, setDetailFilter] = useState<string | undefined>();
  // those who report for their own village or grid open on their tasks; the town office on the coverage
  const reporter = roles.some((r) => SCREENING_REPORTERS.includes(r));
  const [form, setForm] = useState<{ editing: Campaign | null } | null>(null);
  const q = useCampaigns(year, type);
  const campaigns = q.data ?? [];
  const totals = useMemo(() => campaigns.reduce((a, c) => ({ covered: a.covered + c.summary.covered, onTime: a.onTime + c.summary.onTime, late: a.late + c.summary.late, risks: a.risks + c.summary.risksFound }), { covered: 0, onTime: 0, late: 0, risks: 0 }), [campaigns]);
  return (
    <>
      <PageHeader
        title="矛盾纠纷排查"
        subtitle="经常性、灵活性和敏感节点排查；各村（社区）、网格上报隐患或零报告"
        extra={
          <>
            <Link to="/screening/risks">
              <Button>隐患台账</Button>
            </Link>
            <ExportButton url={apiUrl('/screening/campaigns', { year, type, format: 'xlsx' })} />
            {can('prevention.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
                新建排查
              </Button>
            )}
          </>
        }
      />
      {can('screening.report') && reporter && <MyTasks />}
      {!reporter && (
        <CampaignsUnderWay
          campaigns={campaigns}
          onOpen={(id, f) => {
            setDetailFilter(f);
            setDetail(id);
          }}
        />
      )}
      <Card
        size="small"
        title="排查活动"
        extra={
          <Space wrap>
            <Select value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} />
            <Select allowClear placeholder="类型" value={type} onChange={setType} options={dictOptions(SCREENING_TYPES)} style={{ width: 130 }} />
            <Button icon={<ReloadOutlined />} onClick={() => q.refetch()} aria-label="刷新" />
          </Space>
        }
      >
        <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
        {campaigns.length > 0 && (
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={8}>
              <Statistic title="本年排查" value={campaigns.length} suffix="次" />
            </Col>
            <Col xs={8}>
              <Statistic title="总体按时覆盖率" value={totals.covered ? `${Math.round((totals.onTime / totals.covered) * 100)}%` : '—'} />
            </Col>
            <Col xs={8}>
              <Statistic title="发现隐患" value={totals.risks} suffix="条" />
            </Col>
          </Row>
        )}
        {screens.md ? (
          <AppTable<Campaign>
            rowKey="id"
            loading={q.isLoading}
            dataSource={campaigns}
            onRow={(c) => ({ onClick: () => { setDetailFilter(undefined); setDetail(c.id); }, style: { cursor: 'pointer' }, 'data-testid': `campaign-${c.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '排查', dataIndex: 'title', render: (t: string, c) => <a onClick={() => setDetail(c.id)}>{t}</a> },
              { title: '类型', dataIndex: 'type', render: (t: string) => labelOf(SCREENING_TYPES, t) },
              { title: '时间', key: 'dates', render: (_: unknown, c) => `${c.startsOn} ~ ${c.endsOn}` },
              { title: '截止', dataIndex: 'deadline' },
              { title: '覆盖率', key: 'coverage', render: (_: unknown, c) => <CoverageBar s={c.summary} testId={`coverage-${c.id}`} /> },
              { title: '隐患', key: 'risks', render: (_: unknown, c) => c.summary.risksFound },
            ]}
          />
        ) : (
          <PlainList
            loading={q.isLoading}
            items={campaigns}
            empty="暂无排查"
            rowKey={(c) => c.id}
            render={(c) => (
              <div data-testid={`campaign-${c.id}`} onClick={() => setDetail(c.id)} style={{ cursor: 'pointer' }}>
                <Typography.Text strong>{c.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {labelOf(SCREENING_TYPES, c.type)} · 截止 {c.deadline} · 隐患 {c.summary.risksFound}
                  </Typography.Text>
                </div>
                <CoverageBar s={c.summary} testId={`coverage-${c.id}`} />
              </div>
            )}
          />
        )}
      </Card>
      <CampaignDrawer id={detail} initialFilter={detailFilter} onClose={() => { setDetail(null); setDetailFilter(undefined); }} onEdit={(c) => setForm({ editing: c })} />
      {can('prevention.write') && <CampaignForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />}
    </>
  );
}
