/**
 * Key persons (重点对象, SPEC §6.3): visible only to admin, the town office and the responsible cadre (the
 * server decides; every read is audited). Response plan, contact log, reminders of overdue contacts.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Grid, Input, Select, Space, Switch, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { dictOptions, labelOf } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { KEY_PERSON_STATUSES, KEY_PERSON_TYPES, RISK_LEVELS, THREE_LOST_ONE_BIASED_FLAGS } from '../../../../core/dictionaries.ts';
import { CONTACT_METHODS } from '../../../../core/prevention.ts';
import { dayField, disabledFuture, todayStr } from '../prevention/common.tsx';
import { KeyPersonForm, type KeyPerson } from './KeyPersonForm.tsx';
import { useAddContact, useKeyPerson, useKeyPersons } from './api.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { ContactCreate } from '../../../../core/schemas/key-persons.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';
import { ExportSelected, SelectionBar, useRowSelection } from '../../app/components/AppTableBatch.tsx';

const LEVEL_COLORS: Record<string, string> = { general: 'default', serious: 'orange', major: 'red' };
const STATUS_COLORS: Record<string, string> = { under_watch: 'processing', resolved: 'success', removed: 'default' };

function TypeTags({ kp }: { kp: Pick<KeyPerson, 'type' | 'flags'> }) {
  return (
    <Space size={4} wrap>
      <Tag color="purple">{labelOf(KEY_PERSON_TYPES, kp.type)}</Tag>
      {kp.flags.map((f) => (
        <Tag key={f}>{labelOf(THREE_LOST_ONE_BIASED_FLAGS, f)}</Tag>
      ))}
    </Space>
  );
}

function ContactForm({ id }: { id: string }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const m = useAddContact(id, {
    onSuccess: () => {
      message.success('已登记');
      form.resetFields();
      form.setFieldsValue({ contactedOn: todayStr(), method: 'home_visit' });
    },
  });
  return (
    <Card size="small" title="登记走访联系" style={{ marginBottom: 12 }}>
      <Form form={form} layout="vertical" initialValues={{ contactedOn: todayStr(), method: 'home_visit' }} onFinish={(v) => m.mutate(v)} requiredMark="optional">
        <Space wrap>
          <Form.Item name="contactedOn" label="日期" rules={[{ required: true }]} {...dayField}>
            <DayPicker disabledDate={disabledFuture} />
          </Form.Item>
          <Form.Item name="method" label="方式" rules={[{ required: true }]}>
            <Select options={dictOptions(CONTACT_METHODS)} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="content" label="联系情况" rules={[zodRule(ContactCreate.shape.content)]}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="helpGiven" label="帮扶措施">
          <Input.TextArea rows={1} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={m.isPending}>
          保存
        </Button>
      </Form>
    </Card>
  );
}

function DetailDrawer({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (kp: KeyPerson) => void }) {
  const screens = Grid.useBreakpoint();
  const q = useKeyPerson(id);
  const d = q.data;
  return (
    <Drawer title={d ? `重点对象：${d.name}` : '重点对象'} open={!!id} onClose={onClose} size={screens.md ? 640 : '100%'} destroyOnHidden extra={d?.canManage && <Button icon={<EditOutlined />} onClick={() => onEdit(d)}>修改</Button>}>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {d && (
        <>
          {d.contactOverdue && <Alert type="warning" showIcon title={`已超过应联系日期 ${d.contactDueOn}，请及时走访`} style={{ marginBottom: 12 }} />}
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label="类型">
              <TypeTags kp={d} />
            </Descriptions.Item>
            <Descriptions.Item label="风险等级">
              <Tag color={LEVEL_COLORS[d.riskLevel]}>{labelOf(RISK_LEVELS, d.riskLevel)}</Tag>
              <Tag color={STATUS_COLORS[d.status]}>{labelOf(KEY_PERSON_STATUSES, d.status)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="所在地区">{d.regionName}</Descriptions.Item>
            {d.address && <Descriptions.Item label="住址">{d.address}</Descriptions.Item>}
            {d.phone && <Descriptions.Item label="电话">{d.phone}</Descriptions.Item>}
            <Descriptions.Item label="包保责任人">{d.cadreName}</Descriptions.Item>
            <Descriptions.Item label="列管日期">{d.watchedSince}</Descriptions.Item>
            <Descriptions.Item label="最近联系">
              {d.lastContactOn ?? '尚未联系'}（应于 {d.contactDueOn} 前联系）
            </Descriptions.Item>
            {d.situation && <Descriptions.Item label="基本情况">{d.situation}</Descriptions.Item>}
            <Descriptions.Item label="处置预案">
              <div style={{ whiteSpace: 'pre-wrap' }}>{d.responsePlan || '—'}</div>
            </Descriptions.Item>
          </Descriptions>
          {d.canLogContact && <ContactForm id={d.id} />}
          <Typography.Title level={5}>走访联系记录</Typography.Title>
          {d.contacts.length === 0 ? (
            <Typography.Text type="secondary">暂无记录</Typography.Text>
          ) : (
            <Timeline
              items={d.contacts.map((c) => ({
                key: c.id,
                content: (
                  <>
                    <Typography.Text strong>
                      {c.contactedOn} · {labelOf(CONTACT_METHODS, c.method)} · {c.byName}
                    </Typography.Text>
                    <div>{c.content}</div>
                    {c.helpGiven && <Typography.Text type="secondary">帮扶：{c.helpGiven}</Typography.Text>}
                  </>
                ),
              }))}
            />
          )}
        </>
      )}
    </Drawer>
  );
}

export default function KeyPersonsPage() {
  const { can } = useMe();
  const [filters, setFilters] = useState<Record<string, string | boolean | undefined>>({ status: 'under_watch' });
  const [detail, setDetail] = useState<string | null>(null);
  const [form, setForm] = useState<{ editing: KeyPerson | null } | null>(null);
  const q = useKeyPersons(filters);
  const set = (k: string) => (v: string | boolean | undefined) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  const rows = q.data ?? [];
  const sel = useRowSelection(rows);
  return (
    <>
      <PageHeader
        title="重点对象"
        subtitle={
          <>
            <LockOutlined /> 仅管理员、镇平安办和包保责任人可见，每次查阅均留痕
          </>
        }
        extra={
          <>
            <ExportButton url={apiUrl('/key-persons', { ...filters, format: 'xlsx' })} />
            {can('keypersons.manage') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })}>
                列管重点对象
              </Button>
            )}
          </>
        }
      />
      <FilterBar active={activeFilters(filters)}>
        <RegionSelect value={filters.region as string | undefined} onChange={set('region')} placeholder="地区" style={{ width: 180 }} />
        <Select allowClear placeholder="状态" value={filters.status as string | undefined} onChange={set('status')} options={dictOptions(KEY_PERSON_STATUSES)} style={{ width: 120 }} />
        <Select allowClear placeholder="类型" value={filters.type as string | undefined} onChange={set('type')} options={dictOptions(KEY_PERSON_TYPES)} style={{ width: 140 }} />
        <Select allowClear placeholder="风险等级" value={filters.riskLevel as string | undefined} onChange={set('riskLevel')} options={dictOptions(RISK_LEVELS)} style={{ width: 110 }} />
        <Input.Search allowClear placeholder="姓名、情况" onSearch={set('q')} style={{ width: 150 }} />
        <Space size={6}>
          <Switch size="small" id="kp-overdue" checked={!!filters.overdue} onChange={(v) => set('overdue')(v)} />
          <label htmlFor="kp-overdue">仅逾期未联系</label>
        </Space>
      </FilterBar>
      <SelectionBar count={sel.count} onClear={sel.clear}>
        <ExportSelected path="/key-persons" ids={sel.ids} />
      </SelectionBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<KeyPerson>
        rowKey="id"
        rowSelection={sel.rowSelection}
        loading={q.isLoading}
        dataSource={rows}
        onRow={(r) => ({ onClick: () => setDetail(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '姓名', dataIndex: 'name', fixed: 'left', render: (n: string) => <a>{n}</a> },
          { title: '类型', key: 'type', render: (_: unknown, r) => <TypeTags kp={r} /> },
          { title: '地区', dataIndex: 'regionName' },
          { title: '风险', dataIndex: 'riskLevel', render: (l: string) => <Tag color={LEVEL_COLORS[l]}>{labelOf(RISK_LEVELS, l)}</Tag> },
          { title: '包保责任人', dataIndex: 'cadreName' },
          {
            title: '最近联系',
            key: 'contact',
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.lastContactOn ?? '未联系'}
                {r.contactOverdue && <Tag color="error">逾期</Tag>}
              </Space>
            ),
          },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLORS[s]}>{labelOf(KEY_PERSON_STATUSES, s)}</Tag> },
        ]}
      />
      <DetailDrawer id={detail} onClose={() => setDetail(null)} onEdit={(kp) => setForm({ editing: kp })} />
      <KeyPersonForm open={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
    </>
  );
}
