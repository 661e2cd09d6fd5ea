import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PlusOutlined } from '@ant-design/icons';
import { apiUrl } from '../../app/api.ts';
import { fmtDateTime } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { Token } from '../../../../core/schemas/users.ts';
import { TokenCreate } from '../../../../core/schemas/users.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { useCreateToken, useRevokeToken, useTokens, useUsers } from './api.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';


function CreateToken({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const { modal } = App.useApp();
  const users = useUsers({ enabled: open });
  const save = useCreateToken({
    onSuccess: (r) => {
      form.resetFields();
      onClose();
      modal.success({
        title: '令牌已创建',
        width: 520,
        okText: '我已保存',
        content: (
          <div>
            <Typography.Paragraph>请立即复制并妥善保存，令牌只显示这一次：</Typography.Paragraph>
            <Typography.Paragraph code copyable={{ text: r.token, tooltips: ['复制', '已复制'] }} style={{ wordBreak: 'break-all' }} data-testid="new-token">
              {r.token}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              调用接口时在请求头加入 <Typography.Text code>Authorization: Bearer 令牌</Typography.Text>。
            </Typography.Paragraph>
          </div>
        ),
      });
    },
  });
  return (
    <Modal title="创建 API 令牌" open={open} onCancel={onClose} onOk={() => form.submit()} okText="创建" confirmLoading={save.isPending} forceRender>
      <Typography.Paragraph type="secondary">令牌供外部系统对接使用，以所属用户的身份和数据范围访问接口，可随时吊销。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v: { name: string; userId: string; expiresOn?: Dayjs | null }) => save.mutate({ name: v.name, userId: v.userId, expiresOn: v.expiresOn ? v.expiresOn.format('YYYY-MM-DD') : null })} requiredMark="optional">
        <Form.Item name="name" label="名称（用途）" validateFirst rules={[{ required: true, whitespace: true, message: '请输入名称' }, zodRule(TokenCreate.shape.name)]}>
          <Input maxLength={100} placeholder="如 法院数据对接" />
        </Form.Item>
        <Form.Item name="userId" label="所属用户" rules={[{ required: true, message: '请选择所属用户' }]} extra="令牌的数据范围与该用户相同">
          <Select
            loading={users.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择用户"
            options={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }))}
          />
        </Form.Item>
        <Form.Item name="expiresOn" label="有效期至" extra="留空则长期有效；到期次日起令牌失效">
          <DayPicker style={{ width: '100%' }} placeholder="长期有效" disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function TokensPage() {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const q = useTokens();
  const revoke = useRevokeToken({ onSuccess: () => message.success('令牌已吊销') });
  return (
    <>
      <PageHeader
        title="API 令牌"
        subtitle="供外部系统调用接口；创建时只显示一次"
        extra={
          <>
            <ExportButton url={apiUrl('/tokens', { format: 'xlsx' })} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              创建令牌
            </Button>
          </>
        }
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<Token>
        rowKey="id"
        loading={q.isLoading}
        dataSource={[...(q.data ?? [])].reverse()}
        columns={[
          { title: '名称', dataIndex: 'name', fixed: 'left' },
          { title: '令牌前缀', dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: '所属用户', dataIndex: 'username' },
          { title: '创建时间', dataIndex: 'createdAt', render: fmtDateTime },
          { title: '最近使用', dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? fmtDateTime(v) : <Typography.Text type="secondary">从未使用</Typography.Text>) },
          {
            title: '状态',
            dataIndex: 'revokedAt',
            render: (v: string | null, t) =>
              v ? (
                <Tag>已于 {fmtDateTime(v)} 吊销</Tag>
              ) : t.expiresAt && dayjs(t.expiresAt).isBefore(dayjs()) ? (
                <Tag>已于 {fmtDateTime(t.expiresAt)} 过期</Tag>
              ) : t.expiresAt ? (
                <Tag color="success">有效至 {dayjs(t.expiresAt).subtract(1, 'day').format('YYYY-MM-DD')}</Tag>
              ) : (
                <Tag color="success">有效</Tag>
              ),
          },
          {
            title: '操作',
            key: 'ops',
            render: (_: unknown, t) =>
              !t.revokedAt && (
                <Popconfirm title={`吊销令牌“${t.name}”？`} description="吊销后使用该令牌的系统将立即无法访问。" okText="吊销" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => revoke.mutateAsync(t)}>
                  <Button type="link" size="small" danger>
                    吊销
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <CreateToken open={open} onClose={() => setOpen(false)} />
    </>
  );
}
