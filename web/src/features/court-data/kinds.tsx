/** The kinds of outside data (SPEC §5) as RecordPage configs. */
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { Form, Input, InputNumber, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { COURT_CASE_KINDS, INCIDENT_TYPES, MEDIATION_RESULTS, SOURCE_TYPES } from '../../../../core/dictionaries.ts';
import { COURT_INSTANCES } from '../../../../core/bundle-format.ts';
import { dictOptions, labelOf } from '../../app/labels.ts';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import type { KindConfig } from './RecordPage.tsx';
import type { OutsideRecord } from '../../../../core/schemas/court-data.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { OutsideRecordCreate } from '../../../../core/schemas/court-data.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

export const dayField = {
  getValueProps: (v: string | null | undefined) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null),
};
const monthField = {
  getValueProps: (v: string | null | undefined) => ({ value: v ? dayjs(`${v}-01`) : undefined }),
  normalize: (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM') : null),
};
const fullWidth = { style: { width: '100%' } };
const LOCAL = ['town', 'village', 'community', 'grid'] as const;

export const MATCH_STATUS = [
  { value: 'code', label: '按地区代码', color: 'default' },
  { value: 'address', label: '按地址匹配', color: 'blue' },
  { value: 'resolved', label: '人工确认', color: 'green' },
  { value: 'town_only', label: '待确认村（社区）', color: 'orange' },
  { value: 'unattributed', label: '未能归属', color: 'red' },
];
export function MatchTag({ status }: { status: string }) {
  const m = MATCH_STATUS.find((x) => x.value === status);
  return <Tag color={m?.color}>{m?.label ?? status}</Tag>;
}

const regionCell = (name: string | null, code: string | null) => (code ? <Tooltip title={code}>{name ?? code}</Tooltip> : <Typography.Text type="secondary">—</Typography.Text>);
const resultTag = (r: string) => <Tag color={r === 'success' ? 'success' : r === 'failure' ? 'error' : 'processing'}>{labelOf(MEDIATION_RESULTS, r)}</Tag>;

// ---------------------------------------------------------------------------------------------------

export type CourtCase = OutsideRecord<'court_cases'>;

const attributionFields = (codeLabel: string, addressLabel: string) => (
  <>
    <Form.Item name="defendantRegionCode" label={codeLabel} extra="填写后优先于地址；不填时按地址自动匹配到村（社区）或乡镇">
      <RegionSelect levels={LOCAL} />
    </Form.Item>
    <Form.Item name="defendantAddress" label={addressLabel}>
      <Input.TextArea rows={2} maxLength={500} placeholder="如 浙江省义乌市清溪镇东村12号" />
    </Form.Item>
  </>
);

export const COURT_CASES: KindConfig<CourtCase> = {
  path: '/court-cases',
  title: '法院一审案件',
  subtitle: '按被告所在地计入万人起诉率；标准案号自动识别案件类型与审级',
  noun: '法院案件',
  testId: 'court-cases',
  searchPlaceholder: '案号或地址',
  regionFilter: true,
  yearFilter: true,
  filters: [
    { name: 'kind', placeholder: '案件类型', options: dictOptions(COURT_CASE_KINDS), width: 110 },
    { name: 'instance', placeholder: '审级', options: dictOptions(COURT_INSTANCES), width: 100 },
    { name: 'matchStatus', placeholder: '归属方式', options: MATCH_STATUS.map(({ value, label }) => ({ value, label })), width: 150 },
  ],
  columns: [
    { title: '案号', dataIndex: 'caseNo', fixed: 'left' },
    { title: '类型', dataIndex: 'kind', render: (k: string, r) => `${labelOf(COURT_CASE_KINDS, k)}${labelOf(COURT_INSTANCES, r.instance)}` },
    { title: '立案日期', dataIndex: 'filedOn' },
    { title: '被告所在地', key: 'region', render: (_, r) => regionCell(r.defendantRegionName, r.defendantRegionCode) },
    { title: '所属乡镇', dataIndex: 'townName', render: (v: string | null) => v ?? '—' },
    { title: '被告住址', dataIndex: 'defendantAddress', ellipsis: true, width: 220 },
    { title: '归属', dataIndex: 'matchStatus', render: (s: string) => <MatchTag status={s} /> },
  ],
  nameOf: (r) => r.caseNo,
  toForm: (r) => ({ ...r, defendantRegionCode: r.matchStatus === 'code' ? r.defendantRegionCode : undefined }),
  toBody: (v, editing) => {
    const body: Record<string, unknown> = { ...v, defendantRegionCode: v.defendantRegionCode ?? null, defendantAddress: v.defendantAddress || null, kind: v.kind ?? null, instance: v.instance ?? null };
    if (editing) delete body.caseNo;
    return body;
  },
  fields: (editing) => (
    <>
      <Form.Item name="caseNo" label="案号" rules={[zodRule(OutsideRecordCreate.court_cases.shape.caseNo, '请输入案号')]} extra="如 （2024）浙0782民初1234号；诉前调解案号请在“诉前调解”中登记">
        <Input maxLength={100} disabled={!!editing} />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="kind" label="案件类型" style={{ flex: 1 }} extra="空 = 按案号">
          <Select allowClear options={dictOptions(COURT_CASE_KINDS)} />
        </Form.Item>
        <Form.Item name="instance" label="审级" style={{ flex: 1 }}>
          <Select allowClear options={dictOptions(COURT_INSTANCES)} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="filedOn" label="立案日期" rules={[{ required: true, message: '请选择立案日期' }]} {...dayField}>
        <DayPicker {...fullWidth} />
      </Form.Item>
      {attributionFields('被告所在地区', '被告住址')}
    </>
  ),
};

// ---------------------------------------------------------------------------------------------------

export type Prelitigation = OutsideRecord<'prelitigation_mediations'>;

export const PRELITIGATION: KindConfig<Prelitigation> = {
  path: '/prelitigation-mediations',
  title: '诉前调解案件',
  subtitle: '成功率按被申请人所在地、已结案件计算；未结案件只统计不计入成功率',
  noun: '诉前调解案件',
  testId: 'prelitigation',
  searchPlaceholder: '案号或地址',
  regionFilter: true,
  yearFilter: true,
  filters: [
    { name: 'result', placeholder: '调解结果', options: dictOptions(MEDIATION_RESULTS), width: 120 },
    { name: 'matchStatus', placeholder: '归属方式', options: MATCH_STATUS.map(({ value, label }) => ({ value, label })), width: 150 },
  ],
  columns: [
    { title: '诉前调解案号', dataIndex: 'caseNo', fixed: 'left' },
    { title: '收案日期', dataIndex: 'receivedOn' },
    { title: '结案日期', dataIndex: 'concludedOn', render: (v: string | null) => v ?? '—' },
    { title: '结果', dataIndex: 'result', render: resultTag },
    { title: '当事人所在地', key: 'party', render: (_, r) => regionCell(r.partyRegionName, r.partyRegionCode) },
    { title: '被申请人所在地', key: 'defendant', render: (_, r) => regionCell(r.defendantRegionName, r.defendantRegionCode) },
    { title: '归属', dataIndex: 'matchStatus', render: (s: string) => <MatchTag status={s} /> },
    {
      title: '关联纠纷',
      dataIndex: 'disputeNumber',
      render: (n: string | null, r) => (n && r.disputeId ? <Link to={`/disputes/${r.disputeId}`} data-testid="linked-dispute">{n}</Link> : '—'),
    },
  ],
  nameOf: (r) => r.caseNo,
  toForm: (r) => ({ ...r, defendantRegionCode: r.matchStatus === 'code' ? r.defendantRegionCode : undefined }),
  toBody: (v, editing) => {
    const body: Record<string, unknown> = { ...v, concludedOn: v.concludedOn ?? null, partyRegionCode: v.partyRegionCode ?? null, defendantRegionCode: v.defendantRegionCode ?? null, defendantAddress: v.defendantAddress || null };
    if (editing) delete body.caseNo;
    return body;
  },
  fields: (editing) => (
    <>
      <Form.Item name="caseNo" label="诉前调解案号" rules={[{ required: true, whitespace: true, message: '请输入案号' }]}>
        <Input maxLength={100} disabled={!!editing} placeholder="如 （2024）浙0782民诉前调567号" />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="receivedOn" label="收案日期" rules={[{ required: true, message: '请选择' }]} style={{ flex: 1 }} {...dayField}>
          <DayPicker {...fullWidth} />
        </Form.Item>
        <Form.Item name="concludedOn" label="结案日期" style={{ flex: 1 }} {...dayField}>
          <DayPicker {...fullWidth} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="result" label="调解结果" rules={[{ required: true, message: '请选择' }]}>
        <Select options={dictOptions(MEDIATION_RESULTS)} />
      </Form.Item>
      <Form.Item name="partyRegionCode" label="当事人所在地区">
        <RegionSelect levels={LOCAL} />
      </Form.Item>
      {attributionFields('被申请人所在地区', '被申请人住址')}
    </>
  ),
};

// ---------------------------------------------------------------------------------------------------

export type Platform = OutsideRecord<'platform_disputes'>;

export const PLATFORM: KindConfig<Platform> = {
  path: '/platform-disputes',
  title: '调解平台纠纷',
  subtitle: '基层单位在人民法院调解平台受理的纠纷（受理纠纷比、化解成功率）',
  noun: '平台纠纷',
  testId: 'platform',
  searchPlaceholder: '平台编号',
  regionFilter: true,
  yearFilter: true,
  filters: [{ name: 'result', placeholder: '化解结果', options: dictOptions(MEDIATION_RESULTS), width: 120 }],
  columns: [
    { title: '平台编号', dataIndex: 'platformNo', fixed: 'left' },
    { title: '受理单位所在地', key: 'region', render: (_, r) => regionCell(r.unitRegionName, r.unitRegionCode) },
    { title: '受理日期', dataIndex: 'acceptedOn' },
    { title: '办结日期', dataIndex: 'concludedOn', render: (v: string | null) => v ?? '—' },
    { title: '结果', dataIndex: 'result', render: resultTag },
  ],
  nameOf: (r) => r.platformNo,
  toBody: (v, editing) => {
    const body: Record<string, unknown> = { ...v, concludedOn: v.concludedOn ?? null };
    if (editing) delete body.platformNo;
    return body;
  },
  fields: (editing) => (
    <>
      <Form.Item name="platformNo" label="平台编号" rules={[{ required: true, whitespace: true, message: '请输入平台编号' }]}>
        <Input maxLength={100} disabled={!!editing} />
      </Form.Item>
      <Form.Item name="unitRegionCode" label="受理单位所在地区" rules={[{ required: true, message: '请选择' }]}>
        <RegionSelect levels={LOCAL} />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="acceptedOn" label="受理日期" rules={[{ required: true, message: '请选择' }]} style={{ flex: 1 }} {...dayField}>
          <DayPicker {...fullWidth} />
        </Form.Item>
        <Form.Item name="concludedOn" label="办结日期" style={{ flex: 1 }} {...dayField}>
          <DayPicker {...fullWidth} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="result" label="化解结果" rules={[{ required: true, message: '请选择' }]}>
        <Select options={dictOptions(MEDIATION_RESULTS)} />
      </Form.Item>
    </>
  ),
};

// ---------------------------------------------------------------------------------------------------

export type Incident = OutsideRecord<'incidents'>;

export const sentenceLabel = (r: { type: string; sentenceMonths: number | null; sentenceText: string | null }) =>
  r.sentenceText ?? (r.sentenceMonths !== null ? `${r.sentenceMonths}个月` : r.type === 'intentional_crime' ? '尚未判决' : '—');

export const INCIDENTS: KindConfig<Incident> = {
  path: '/incidents',
  title: '否决事项',
  subtitle: '刑事案件、民转刑、集体访、群体性事件、进京访、非访；刑期“无期”“死刑”计为三年以上，空白为尚未判决',
  noun: '否决事项',
  testId: 'incidents',
  searchPlaceholder: '描述',
  regionFilter: true,
  yearFilter: true,
  filters: [{ name: 'type', placeholder: '事项类型', options: dictOptions(INCIDENT_TYPES), width: 150 }],
  columns: [
    { title: '发生日期', dataIndex: 'occurredOn', fixed: 'left' },
    { title: '类型', dataIndex: 'type', render: (t: string) => <Tag color="red">{labelOf(INCIDENT_TYPES, t)}</Tag> },
    { title: '发生地区', key: 'region', render: (_, r) => regionCell(r.regionName, r.regionCode) },
    { title: '刑期', key: 'sentence', render: (_, r) => sentenceLabel(r) },
    { title: '描述', dataIndex: 'description', ellipsis: true, width: 240 },
  ],
  // an incident's id is internal (demo-inc-3, a generated id): people know it by type, date and place
  nameOf: (r) => `${r.regionName ?? ''}${r.occurredOn}${labelOf(INCIDENT_TYPES, r.type)}`,
  toForm: (r) => ({
    ...r,
    sentenceMode: r.sentenceText ? r.sentenceText : r.sentenceMonths !== null ? 'months' : 'none',
    months: r.sentenceText ? undefined : (r.sentenceMonths ?? undefined),
  }),
  toBody: (v, editing) => {
    const mode = v.sentenceMode ?? 'none';
    const sentenceMonths = mode === 'months' ? (v.months ?? null) : mode === 'none' ? null : mode;
    const body: Record<string, unknown> = { id: v.id || undefined, type: v.type, regionCode: v.regionCode, occurredOn: v.occurredOn, description: v.description || null, sentenceMonths };
    if (editing) delete body.id;
    return body;
  },
  fields: (editing) => (
    <>
      <Form.Item name="type" label="事项类型" rules={[{ required: true, message: '请选择' }]}>
        <Select options={dictOptions(INCIDENT_TYPES)} />
      </Form.Item>
      <Form.Item name="regionCode" label="发生地区" rules={[{ required: true, message: '请选择' }]}>
        <RegionSelect levels={LOCAL} />
      </Form.Item>
      <Form.Item name="occurredOn" label="发生日期" rules={[{ required: true, message: '请选择' }]} {...dayField}>
        <DayPicker {...fullWidth} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.type !== b.type || a.sentenceMode !== b.sentenceMode}>
        {({ getFieldValue }) =>
          ['intentional_crime', 'negligent_crime', 'major_civil_to_criminal'].includes(getFieldValue('type')) ? (
            <Space.Compact block>
              <Form.Item name="sentenceMode" label="刑期" initialValue="none" style={{ flex: 1 }}>
                <Select
                  options={[
                    { value: 'none', label: '尚未判决' },
                    { value: 'months', label: '有期徒刑等（按月）' },
                    { value: '无期', label: '无期徒刑' },
                    { value: '死刑', label: '死刑' },
                  ]}
                />
              </Form.Item>
              {getFieldValue('sentenceMode') === 'months' && (
                <Form.Item name="months" label="月数" rules={[{ required: true, message: '请输入月数' }]} style={{ flex: 1 }}>
                  <InputNumber min={0} max={600} precision={0} addonAfter="个月" {...fullWidth} />
                </Form.Item>
              )}
            </Space.Compact>
          ) : null
        }
      </Form.Item>
      <Form.Item name="description" label="事项描述">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      {!editing && (
        <Form.Item name="id" label="事项编号" extra="可留空，系统自动生成">
          <Input maxLength={100} />
        </Form.Item>
      )}
    </>
  ),
};

// ---------------------------------------------------------------------------------------------------

export type Benchmark = OutsideRecord<'city_benchmarks'>;

export const BENCHMARKS: KindConfig<Benchmark> = {
  path: '/city-benchmarks',
  title: '全市万人起诉率',
  subtitle: '村、镇的万人起诉率上限 = 上一年全市万人起诉率 × 0.5（市代码空白 = 本系统所在的市）',
  noun: '全市万人起诉率',
  testId: 'benchmarks',
  cityLevel: true,
  columns: [
    { title: '年度', dataIndex: 'year', fixed: 'left' },
    { title: '市', key: 'city', render: (_, r) => r.cityName ?? r.cityCode ?? '本市' },
    { title: '万人起诉率', dataIndex: 'litigationRatePer10k' },
  ],
  nameOf: (r) => `${r.year}年 ${r.cityName ?? '本市'}`,
  toBody: (v, editing) => (editing ? { litigationRatePer10k: String(v.litigationRatePer10k) } : { ...v, cityCode: v.cityCode ?? null, litigationRatePer10k: String(v.litigationRatePer10k) }),
  fields: (editing) => (
    <>
      <Form.Item name="year" label="年度" rules={[{ required: true, message: '请输入年度' }]}>
        <InputNumber min={1990} max={2100} precision={0} disabled={!!editing} {...fullWidth} />
      </Form.Item>
      <Form.Item name="cityCode" label="市" extra="空白 = 本系统所在的市">
        <RegionSelect levels={['city']} disabled={!!editing} />
      </Form.Item>
      <Form.Item name="litigationRatePer10k" label="万人起诉率" rules={[{ required: true, message: '请输入' }, { pattern: /^\d+(\.\d{1,6})?$/, message: '请输入数字（最多六位小数）' }]}>
        <Input inputMode="decimal" placeholder="如 92.5" />
      </Form.Item>
    </>
  ),
};

// ---------------------------------------------------------------------------------------------------

export type SourceCount = OutsideRecord<'source_counts'>;

export const SOURCE_COUNTS: KindConfig<SourceCount> = {
  path: '/source-counts',
  title: '四源月度数据',
  subtitle: '四源共治：执源（执行案件）、警源（警情纠纷）、访源（信访）每月数量，用于趋势分析',
  noun: '月度数据',
  testId: 'source-counts',
  regionFilter: true,
  yearFilter: true,
  filters: [{ name: 'source', placeholder: '来源', options: dictOptions(SOURCE_TYPES), width: 110 }],
  columns: [
    { title: '月份', dataIndex: 'month', fixed: 'left' },
    { title: '地区', key: 'region', render: (_, r) => regionCell(r.regionName, r.regionCode) },
    { title: '来源', dataIndex: 'source', render: (s: string) => labelOf(SOURCE_TYPES, s) },
    { title: '数量', dataIndex: 'count', align: 'right' },
  ],
  nameOf: (r) => `${r.regionName ?? r.regionCode} ${r.month} ${labelOf(SOURCE_TYPES, r.source)}`,
  toBody: (v, editing) => (editing ? { count: v.count } : v),
  fields: (editing) => (
    <>
      <Form.Item name="regionCode" label="地区" rules={[{ required: true, message: '请选择' }]}>
        <RegionSelect disabled={!!editing} />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择' }]} style={{ flex: 1 }} {...monthField}>
          <DayPicker picker="month" disabled={!!editing} {...fullWidth} />
        </Form.Item>
        <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择' }]} style={{ flex: 1 }}>
          <Select options={dictOptions(SOURCE_TYPES)} disabled={!!editing} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="count" label="数量" rules={[{ required: true, message: '请输入' }]}>
        <InputNumber min={0} max={10_000_000} precision={0} {...fullWidth} />
      </Form.Item>
    </>
  ),
};
