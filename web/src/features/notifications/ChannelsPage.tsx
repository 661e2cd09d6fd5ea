import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { CHANNEL_KINDS, ChannelCreate, DELIVERY_STATUSES, NOTIFICATION_EVENTS, eventLabel, type ChannelOut, type DeliveryOut } from '../../../../core/schemas/notifications.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { fmtDateTime } from '../../app/labels.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { useChannels, useDeleteChannel, useDeliveries, useResend, useSaveChannel } from './api.ts';

const kindLabel = (k: string) => CHANNEL_KINDS.find((c) => c.key === k)?.label ?? k;
const STATUS_COLORS: Record<string, string> = { pending: 'processing', sending: 'processing', sent: 'success', failed: 'error' };
const statusLabel = (s: string) => DELIVERY_STATUSES.find((d) => d.key === s)?.label ?? s;

const TARGET_HELP: Record<string, string> = {
  webhook: '接收 JSON 的地址，如 https://example.gov.cn/wusong/hook（请求头 X-Wusong-Delivery 为消息编号，可据以去重）',
  wecom: '企业微信群机器人的 Webhook 地址（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…）',
  dingtalk: '钉钉群机器人的 Webhook 地址（https://oapi.dingtalk.com/robot/send?access_token=…）',
  email: '收件人电子邮件地址（邮件服务器由系统部署时配置）',
  sms: '短信平台的地址模板，以 {phone} 和 {text} 代替手机号与短信内容，如 https://sms.example.gov.cn/send?mobile={phone}&content={text}',
};

interface FormValues {
  kind: string;
  name: string;
  target: string;
  regionCode: string;
  events: string[];
  includeNames?: boolean;
  includePhones?: boolean;
  phones?: string;
  secret?: string;
  active?: boolean;
}

function ChannelForm({ editing, onClose }: { editing: ChannelOut | 'new'; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? (editing === 'new' ? 'webhook' : editing.kind);
  const save = useSaveChannel({
    onSuccess: () => {
      message.success('已保存');
      onClose();
    },
  });
  const initial: Partial<FormValues> =
    editing === 'new'
      ? { kind: 'webhook', events: ['dispute.arrived', 'stage.overdue'], active: true }
      : { ...editing, ...editing.settings, phones: editing.settings.phones.join('\n'), secret: undefined };
  const submit = (v: FormValues) => {
    const settings = {
      includeNames: !!v.includeNames,
      includePhones: !!v.includePhones,
      phones: (v.phones ?? '').split(/[\s,，;；]+/).filter(Boolean),
      ...(v.secret ? { secret: v.secret } : {}),
    };
    const body = { kind: v.kind, name: v.name, target: v.target, regionCode: v.regionCode, events: v.events, settings, active: v.active ?? true };
    save.mutate(editing === 'new' ? { body } : { id: editing.id, body: { ...body, version: editing.version } });
  };
  return (
    <Modal open title={editing === 'new' ? '新建通知渠道' : '修改通知渠道'} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okText="保存" cancelText="取消" width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item name="kind" label="渠道类型" rules={[{ required: true, message: '请选择渠道类型' }]}>
          <Select options={CHANNEL_KINDS.map((k) => ({ value: k.key, label: k.label }))} />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[zodRule(ChannelCreate.shape.name, '请填写渠道名称')]}>
          <Input placeholder="如：清溪镇综治工作群" />
        </Form.Item>
        <Form.Item name="target" label={kind === 'email' ? '收件地址' : kind === 'sms' ? '短信网关地址模板' : '接收地址'} extra={TARGET_HELP[kind]} rules={[zodRule(ChannelCreate.shape.target, '请填写接收地址')]}>
          <Input />
        </Form.Item>
        {kind === 'sms' && (
          <Form.Item name="phones" label="接收短信的手机号码" extra="每行一个" rules={[{ required: true, message: '请填写接收短信的手机号码' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {kind === 'dingtalk' && (
          <Form.Item name="secret" label="加签密钥（可选）" extra={editing !== 'new' && editing.settings.hasSecret ? '已设置；留空则保持不变' : '机器人安全设置为“加签”时填写'}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="regionCode" label="地区（本地区及下辖地区的事件发往此渠道）" rules={[{ required: true, message: '请选择地区' }]}>
          <RegionSelect levels={['county', 'town', 'village', 'community']} />
        </Form.Item>
        <Form.Item name="events" label="发送的事件" rules={[{ required: true, message: '请至少选择一个事件' }]}>
          <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 6 }} options={NOTIFICATION_EVENTS.map((e) => ({ value: e.key, label: e.label }))} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="includeNames" label="消息中含承办人等姓名" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="includePhones" label="消息中含联系电话" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <div>
          <Typography.Text type="secondary">消息从不包含身份证号码；当事人姓名不外发。</Typography.Text>
        </div>
      </Form>
    </Modal>
  );
}

function Channels() {
  const q = useChannels();
  const [editing, setEditing] = useState<ChannelOut | 'new' | null>(null);
  const del = useDeleteChannel();
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
        新建渠道
      </Button>
      <AppTable<ChannelOut>
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        columns={[
          { title: '名称', dataIndex: 'name', render: (v, c) => <Space>{v}{!c.active && <Tag>已停用</Tag>}</Space> },
          { title: '类型', dataIndex: 'kind', render: kindLabel },
          { title: '地区', dataIndex: 'regionName' },
          { title: '事件', dataIndex: 'events', render: (es: string[]) => es.map((e) => <Tag key={e}>{eventLabel(e)}</Tag>) },
          {
            title: '操作',
            key: 'op',
            fixed: 'right',
            render: (_, c) => (
              <Space>
                <Typography.Link onClick={() => setEditing(c)}>修改</Typography.Link>
                <Popconfirm title="删除该渠道及其发送记录?" okText="删除" cancelText="取消" onConfirm={() => del.mutate({ id: c.id, version: c.version })}>
                  <Typography.Link type="danger">删除</Typography.Link>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && <ChannelForm editing={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function Deliveries() {
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const q = useDeliveries({ status, page, pageSize });
  const resend = useResend({ onSuccess: () => message.success('已重新加入发送队列') });
  return (
    <>
      <Select
        allowClear
        placeholder="全部状态"
        style={{ width: 160, marginBottom: 12 }}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={DELIVERY_STATUSES.map((s) => ({ value: s.key, label: s.label }))}
      />
      <AppTable<DeliveryOut>
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, onChange: (p, s) => (setPage(p), setPageSize(s)) }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: fmtDateTime },
          { title: '渠道', dataIndex: 'channelName', render: (v, d) => `${v} · ${kindLabel(d.channelKind)}` },
          { title: '事件', dataIndex: 'event', render: eventLabel },
          { title: '标题', dataIndex: 'title' },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLORS[s]}>{statusLabel(s)}</Tag> },
          { title: '尝试次数', dataIndex: 'tries' },
          { title: '最近错误', dataIndex: 'lastError', render: (v) => v ?? '—' },
          { title: '发送时间', dataIndex: 'sentAt', render: (v) => (v ? fmtDateTime(v) : '—') },
          {
            title: '操作',
            key: 'op',
            fixed: 'right',
            render: (_, d) =>
              d.status === 'failed' || d.status === 'pending' ? (
                <Typography.Link disabled={resend.isPending} onClick={() => resend.mutate(d.id)}>
                  重新发送
                </Typography.Link>
              ) : null,
          },
        ]}
      />
    </>
  );
}

export default function ChannelsPage() {
  return (
    <>
      <PageHeader title="通知渠道" subtitle="把事件发往企业微信群、钉钉群、电子邮件、短信或其他系统" />
      <Tabs
        items={[
          { key: 'channels', label: '渠道', children: <Channels /> },
          { key: 'deliveries', label: '发送记录', children: <Deliveries /> },
        ]}
      />
    </>
  );
}
