import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Descriptions, Drawer, Form, Grid, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { ProfileOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, auditActionLabel, auditEntityLabel } from '../../../../core/audit-labels.ts';
import type { AuditEntry } from '../../../../core/schemas/audit.ts';
import { apiUrl } from '../../app/api.ts';
import { useRegionName } from '../../app/data.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { useAuditLog } from './api.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';


/** Names of fields seen in before/after snapshots; an unknown field shows its key. */
const FIELD_LABELS: Record<string, string> = {
  code: '代码',
  name: '名称',
  level: '层级',
  parentCode: '上级代码',
  aliases: '别名',
  active: '启用',
  townCode: '所属乡镇',
  version: '版本',
  type: '类型',
  regionCode: '地区代码',
  username: '用户名',
  phone: '电话',
  mustChangePassword: '须修改密码',
  canRevealIdentity: '可查看完整身份证号',
  bindings: '角色绑定',
  year: '年度',
  residents: '常住人口',
  userId: '用户',
  revokedAt: '吊销时间',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record's human name (dispute number, person's name…); a readable id when it has none, never a bare UUID. */
const objectName = (r: AuditEntry) => r.entityName ?? (r.entityId && !UUID.test(r.entityId) ? r.entityId : '');

const FILTER_KEYS = ['actor', 'action', 'entity', 'entityId', 'from', 'to'] as const;

/** Flattens a snapshot into dotted paths (arrays of scalars stay one value). */
function flatten(v: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) {
    v.forEach((x, i) => flatten(x, `${prefix}[${i + 1}]`, out));
  } else if (prefix) out.set(prefix, v);
  else if (v !== null && v !== undefined) out.set('值', v);
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.join('、') : '（无）';
  return String(v);
}

const fieldLabel = (path: string) =>
  path
    .split('.')
    .map((p) => {
      const m = /^(\w+)(\[\d+\])?$/.exec(p);
      return m ? `${FIELD_LABELS[m[1]] ?? m[1]}${m[2] ?? ''}` : p;
    })
    .join(' · ');

function Diff({ before, after }: { before: unknown; after: unknown }) {
  const rows = useMemo(() => {
    const b = flatten(before);
    const a = flatten(after);
    const keys = [...new Set([...b.keys(), ...a.keys()])];
    return keys.map((k) => ({ key: k, before: b.get(k), after: a.get(k), changed: JSON.stringify(b.get(k)) !== JSON.stringify(a.get(k)) }));
  }, [before, after]);
  const [onlyChanged, setOnlyChanged] = useState(before !== null && after !== null);
  if (rows.length === 0) return <Typography.Text type="secondary">此操作没有记录内容变化。</Typography.Text>;
  const shown = onlyChanged ? rows.filter((r) => r.changed) : rows;
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Switch size="small" checked={onlyChanged} onChange={setOnlyChanged} id="only-changed" />
        <label htmlFor="only-changed">只看有变化的字段（{rows.filter((r) => r.changed).length} 项）</label>
      </Space>
      <Table
        size="small"
        rowKey="key"
        dataSource={shown}
        pagination={shown.length > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.changed ? 'diff-changed' : '')}
        columns={[
          { title: '字段', dataIndex: 'key', render: fieldLabel },
          { title: '修改前', dataIndex: 'before', render: (v, r) => <span className={r.changed ? 'diff-old' : ''}>{show(v)}</span> },
          { title: '修改后', dataIndex: 'after', render: (v, r) => <span className={r.changed ? 'diff-new' : ''}>{show(v)}</span> },
        ]}
      />
    </>
  );
}

export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const regionName = useRegionName();
  const [form] = Form.useForm();
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])) as Record<(typeof FILTER_KEYS)[number], string | undefined>;
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const q = useAuditLog({ ...filters, page, pageSize });

  const apply = (v: { actor?: string; action?: string; entity?: string; entityId?: string; range?: [Dayjs, Dayjs] | null }) => {
    const next: Record<string, string> = {};
    if (v.actor?.trim()) next.actor = v.actor.trim();
    if (v.action) next.action = v.action;
    if (v.entity) next.entity = v.entity;
    if (v.entityId?.trim()) next.entityId = v.entityId.trim();
    if (v.range?.[0]) next.from = v.range[0].format('YYYY-MM-DD');
    if (v.range?.[1]) next.to = v.range[1].format('YYYY-MM-DD');
    next.pageSize = String(pageSize);
    setParams(next);
  };
  const initial = { ...filters, range: filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : undefined };

  return (
    <>
      <PageHeader title="审计日志" subtitle="每一次修改和敏感查看：谁、何时、做了什么、改前改后" extra={<ExportButton url={apiUrl('/audit', { ...filters, format: 'xlsx' })} />} />
      <Form form={form} layout="inline" initialValues={initial} onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="actor">
          <Input allowClear placeholder="操作人" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="action">
          <Select allowClear placeholder="操作" style={{ width: 160 }} showSearch={{ optionFilterProp: 'label' }} options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="entity">
          <Select allowClear placeholder="对象类型" style={{ width: 130 }} options={Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="entityId">
          <Input allowClear placeholder="对象编号" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="range">
          <DayPicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ actor: undefined, action: undefined, entity: undefined, entityId: undefined, range: undefined });
              setParams({});
            }}
          >
            重置
          </Button>
        </Space>
      </Form>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<AuditEntry>
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        onRow={(r) => ({ onDoubleClick: () => setOpen(r) })}
        pagination={{
          current: page,
          pageSize,
          total: q.data?.total ?? 0,
          onChange: (p, s) => setParams({ ...Object.fromEntries([...params.entries()]), page: String(s !== pageSize ? 1 : p), pageSize: String(s) }),
        }}
        columns={[
          { title: '时间', dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: '操作人', dataIndex: 'actorName' },
          { title: '操作', dataIndex: 'action', render: (a: string) => auditActionLabel(a) },
          {
            title: '对象',
            key: 'entity',
            render: (_: unknown, r) => (
              <Space size={4}>
                <Tag>{auditEntityLabel(r.entity)}</Tag>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>
                  {objectName(r)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '所属乡镇', dataIndex: 'townCode', render: (c: string | null) => (c ? regionName(c) : '—') },
          {
            title: '详情',
            key: 'detail',
            render: (_: unknown, r) => (
              <Button type="link" size="small" icon={<ProfileOutlined />} onClick={() => setOpen(r)}>
                查看
              </Button>
            ),
          },
        ]}
      />
      <Drawer title="审计详情" open={!!open} onClose={() => setOpen(null)} size={screens.md ? 640 : '100%'} destroyOnHidden>
        {open && (
          <>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="时间">{dayjs(open.at).format('YYYY-MM-DD HH:mm:ss')}</Descriptions.Item>
              <Descriptions.Item label="操作人">{open.actorName}</Descriptions.Item>
              <Descriptions.Item label="操作">
                {auditActionLabel(open.action)}
              </Descriptions.Item>
              <Descriptions.Item label="对象">
                {auditEntityLabel(open.entity)} {objectName(open)}
              </Descriptions.Item>
              {open.entityId && <Descriptions.Item label="对象编号">{open.entityId}</Descriptions.Item>}
              {open.townCode && <Descriptions.Item label="所属乡镇">{regionName(open.townCode)}</Descriptions.Item>}
              {open.requestId && <Descriptions.Item label="请求号">{open.requestId}</Descriptions.Item>}
            </Descriptions>
            <Typography.Title level={5}>修改前后对比</Typography.Title>
            <Diff before={open.before} after={open.after} />
          </>
        )}
      </Drawer>
    </>
  );
}
