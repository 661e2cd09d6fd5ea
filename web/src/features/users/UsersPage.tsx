import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, Modal, Radio, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { EditOutlined, KeyOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { RegionLevel } from '../../../../core/regions.ts';
import { REGION_ROLES, UNIT_ROLES, VILLAGE_LINK_ROLES, type Role } from '../../../../core/roles.ts';
import { apiUrl, ApiError } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { useRegionName, useRegions, useUnits } from '../../app/data.ts';
import { roleLabel, roleOptions } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { passwordRule } from '../auth/ChangePasswordForm.tsx';
import type { User } from '../../../../core/schemas/users.ts';
import { UserCreate } from '../../../../core/schemas/users.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { invalidateAfterUserChange, useResetPassword, useSaveUser, useUsers } from './api.ts';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';
import { ExportSelected, SelectionBar, useRowSelection } from '../../app/components/AppTableBatch.tsx';

export type UserRow = User;

/** The region levels each region-bound role is normally given (SPEC §1). */
const ROLE_LEVELS: Partial<Record<Role, RegionLevel[]>> = {
  town_office: ['town'],
  town_leader: ['town'],
  county_leader: ['county', 'city'],
  justice_office: ['town'],
  court_liaison: ['county', 'town'],
  village_admin: ['village', 'community'],
  mediator: ['village', 'community'],
  grid_worker: ['grid'],
};

type BindingDraft = { role?: Role; kind?: 'region' | 'unit'; regionCode?: string; unitId?: string };

const kindOf = (role?: Role): 'region' | 'unit' | 'none' | 'both' =>
  !role || role === 'admin' ? 'none' : UNIT_ROLES.includes(role) && REGION_ROLES.includes(role) ? 'both' : UNIT_ROLES.includes(role) ? 'unit' : 'region';

/** After a conflict (409): show the stored version again. */
function useUsersRefresh() {
  const qc = useQueryClient();
  return () => invalidateAfterUserChange(qc);
}

/** Shows a generated password once. */
export function showPassword(modal: ReturnType<typeof App.useApp>['modal'], username: string, password: string, title = '初始密码') {
  modal.success({
    title,
    width: 420,
    okText: '我已记下',
    content: (
      <div>
        <Typography.Paragraph>
          用户 <b>{username}</b> 的密码（只显示这一次，请转告本人；首次登录须修改）：
        </Typography.Paragraph>
        <Typography.Text code copyable={{ text: password, tooltips: ['复制', '已复制'] }} style={{ fontSize: 18 }} data-testid="generated-password">
          {password}
        </Typography.Text>
      </div>
    ),
  });
}

function BindingRow({ name, remove, form, units, canRemove }: { name: number; remove: () => void; form: ReturnType<typeof Form.useForm>[0]; units: { value: string; label: string }[]; canRemove: boolean }) {
  const role = Form.useWatch(['bindings', name, 'role'], form) as Role | undefined;
  const kind = Form.useWatch(['bindings', name, 'kind'], form) as 'region' | 'unit' | undefined;
  const k = kindOf(role);
  const target = k === 'both' ? (kind ?? 'region') : k;
  return (
    <Row gutter={8} align="top" wrap className="binding-row">
      <Col xs={24} sm={8}>
        <Form.Item name={[name, 'role']} rules={[{ required: true, message: '请选择角色' }]} style={{ marginBottom: 8 }}>
          <Select options={roleOptions} placeholder="角色" />
        </Form.Item>
      </Col>
      {k === 'both' && (
        <Col xs={24} sm={5}>
          <Form.Item name={[name, 'kind']} initialValue="region" style={{ marginBottom: 8 }}>
            <Radio.Group optionType="button" size="middle" options={[{ value: 'region', label: '地区' }, { value: 'unit', label: '单位' }]} />
          </Form.Item>
        </Col>
      )}
      {target === 'region' && (
        <Col xs={20} sm={k === 'both' ? 9 : 14}>
          <Form.Item name={[name, 'regionCode']} rules={[{ required: true, message: '请选择地区' }]} style={{ marginBottom: 8 }}>
            <RegionSelect levels={role ? ROLE_LEVELS[role] : undefined} placeholder="绑定地区" />
          </Form.Item>
        </Col>
      )}
      {target === 'unit' && (
        <Col xs={20} sm={k === 'both' ? 9 : 14}>
          <Form.Item name={[name, 'unitId']} rules={[{ required: true, message: '请选择单位' }]} style={{ marginBottom: 8 }}>
            <Select options={units} showSearch={{ optionFilterProp: 'label' }} placeholder="绑定单位" />
          </Form.Item>
        </Col>
      )}
      {target === 'none' && (
        <Col xs={20} sm={14}>
          <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>
            {role === 'admin' ? '系统管理员可查看全部数据' : '先选择角色'}
          </Typography.Text>
        </Col>
      )}
      <Col xs={4} sm={2}>
        {canRemove && <Button type="text" danger icon={<MinusCircleOutlined />} onClick={remove} aria-label="删除此绑定" />}
      </Col>
    </Row>
  );
}

function UserForm({ open, editing, onClose }: { open: boolean; editing: UserRow | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { modal } = App.useApp();
  const refresh = useUsersRefresh();
  const regionName = useRegionName();
  const { data: unitList } = useUnits();
  const units = useMemo(() => (unitList ?? []).map((u) => ({ value: u.id, label: `${u.name}（${regionName(u.regionCode)}）` })), [unitList, regionName]);
  const save = useSaveUser({
    onSuccess: (r) => {
      onClose();
      if (r.password) showPassword(modal, r.user.username, r.password);
    },
    onError: (err) => err instanceof ApiError && err.status === 409 && refresh(),
  });
  // 包村: the villages of the towns the user is bound to as a town cadre
  const { data: regionList } = useRegions();
  const drafts = (Form.useWatch('bindings', form) as BindingDraft[] | undefined) ?? [];
  const cadreTowns = drafts.filter((b) => b.role && VILLAGE_LINK_ROLES.includes(b.role) && b.regionCode).map((b) => b.regionCode as string);
  const villageOptions = (regionList ?? [])
    .filter((r) => (r.level === 'village' || r.level === 'community') && r.active && r.townCode && cadreTowns.includes(r.townCode))
    .map((r) => ({ value: r.code, label: `${r.name}（${regionName(r.townCode!)}）` }));
  const submit = (v: { username: string; name?: string; phone?: string; password?: string; canRevealIdentity?: boolean; bindings: BindingDraft[]; villages?: string[] }) => {
    const bindings = v.bindings.map((b) => {
      const k = kindOf(b.role);
      const target = k === 'both' ? (b.kind ?? 'region') : k;
      // the form requires the role; the server refuses a binding without one
      return { role: b.role as Role, regionCode: target === 'region' ? b.regionCode : null, unitId: target === 'unit' ? b.unitId : null };
    });
    const common = { name: v.name?.trim() || undefined, phone: v.phone?.trim() || null, canRevealIdentity: !!v.canRevealIdentity, bindings, villages: cadreTowns.length ? (v.villages ?? []) : [] };
    save.mutate(editing ? { id: editing.id, body: { version: editing.version, ...common } } : { body: { username: v.username.trim(), password: v.password || null, ...common } });
  };
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing)
      form.setFieldsValue({
        ...editing,
        bindings: editing.bindings.map((b) => ({ role: b.role, kind: b.unitId ? 'unit' : 'region', regionCode: b.regionCode ?? undefined, unitId: b.unitId ?? undefined })),
      });
    else form.setFieldsValue({ bindings: [{}] });
  }, [open, editing, form]);
  return (
    <Modal title={editing ? `编辑用户：${editing.username}` : '新增用户'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} width={680} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" autoComplete="off">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="username" label="用户名" rules={editing ? [] : [{ required: true, whitespace: true, message: '请输入用户名' }, { pattern: /^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,40}$/, message: '2–40 位字母、数字、汉字或 _ . -' }]}>
              <Input disabled={!!editing} maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label="姓名" rules={[zodRule(UserCreate.shape.name)]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label="电话" rules={[zodRule(UserCreate.shape.phone)]}>
              <Input maxLength={30} inputMode="tel" />
            </Form.Item>
          </Col>
          {!editing && (
            <Col xs={24} sm={12}>
              <Form.Item name="password" label="初始密码" rules={[({ getFieldValue }) => passwordRule(getFieldValue('username'))]} extra="留空则生成一次性密码，首次登录须修改">
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item label="角色与数据范围" required tooltip="用户只能看到所绑定地区（含下级）或单位的数据">
          <Form.List name="bindings" rules={[{ validator: (_, v) => (v?.length ? Promise.resolve() : Promise.reject(new Error('至少需要一个角色绑定'))) }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <BindingRow key={f.key} name={f.name} remove={() => remove(f.name)} form={form} units={units} canRemove={fields.length > 1} />
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                  添加角色绑定
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
        {cadreTowns.length > 0 && (
          <Form.Item name="villages" label="包村（负责的村、社区）" extra="包村干部的工作台会列出这些村（社区）的在办与超期纠纷、排查上报和隐患预警">
            <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={villageOptions} placeholder="选择负责的村（社区）" data-testid="user-villages" />
          </Form.Item>
        )}
        <Form.Item name="canRevealIdentity" label="可查看完整身份证号" valuePropName="checked" extra="列表中身份证号一律打码；有此权限者可查看完整号码，每次查看均记入审计日志">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const { me } = useMe();
  const { modal, message } = App.useApp();
  const refresh = useUsersRefresh();
  const regionName = useRegionName();
  const { data: unitList } = useUnits({ includeInactive: true });
  const unitName = (id: string) => unitList?.find((u) => u.id === id)?.name ?? id;
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [status, setStatus] = useState<'active' | 'inactive' | undefined>();
  const [dialog, setDialog] = useState<{ editing: UserRow | null } | null>(null);
  const q = useUsers();

  const toggle = useSaveUser({
    onSuccess: ({ user: u }) => {
      message.success(u.active ? `已启用 ${u.username}` : `已停用 ${u.username}`);
    },
    onError: (err) => err instanceof ApiError && err.status === 409 && refresh(),
  });
  const reset = useResetPassword({
    onSuccess: (r) => {
      if (r.password) showPassword(modal, r.username, r.password, '密码已重置');
    },
  });

  const rows = useMemo(() => {
    const t = search.trim().toLowerCase();
    return (q.data ?? []).filter(
      (u) =>
        (!t || `${u.username} ${u.name} ${u.phone ?? ''}`.toLowerCase().includes(t)) &&
        (!role || u.bindings.some((b) => b.role === role)) &&
        (!status || (status === 'active') === u.active),
    );
  }, [q.data, search, role, status]);
  const sel = useRowSelection(rows);

  return (
    <>
      <PageHeader
        title="用户管理"
        subtitle="账号、角色绑定（地区或单位）与权限"
        extra={
          <>
            <ExportButton url={apiUrl('/users', { format: 'xlsx' })} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })}>
              新增用户
            </Button>
          </>
        }
      />
      <FilterBar active={activeFilters({ search, role, status })}>
        <Input.Search allowClear placeholder="用户名、姓名或电话" onChange={(e) => setSearch(e.target.value)} style={{ width: 200 }} />
        <Select allowClear value={role} onChange={setRole} options={roleOptions} placeholder="角色" style={{ width: 170 }} />
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          placeholder="状态"
          style={{ width: 110 }}
          options={[
            { value: 'active', label: '启用' },
            { value: 'inactive', label: '已停用' },
          ]}
        />
      </FilterBar>
      <SelectionBar count={sel.count} onClear={sel.clear}>
        <ExportSelected path="/users" ids={sel.ids} />
      </SelectionBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<UserRow>
        rowKey="id"
        rowSelection={sel.rowSelection}
        loading={q.isLoading}
        dataSource={rows}
        columns={[
          { title: '用户名', dataIndex: 'username', fixed: 'left', sorter: (a, b) => a.username.localeCompare(b.username) },
          { title: '姓名', dataIndex: 'name' },
          { title: '电话', dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          {
            title: '角色与范围',
            key: 'bindings',
            render: (_: unknown, u) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 360 }}>
                {u.bindings.map((b, i) => (
                  <Tag key={i} color={b.role === 'admin' ? 'red' : 'blue'}>
                    {roleLabel(b.role)}
                    {b.regionCode ? ` · ${regionName(b.regionCode)}` : b.unitId ? ` · ${unitName(b.unitId)}` : ''}
                  </Tag>
                ))}
                {u.villages.length > 0 && <Tag color="green">{`包村 · ${u.villages.map((c) => regionName(c)).join('、')}`}</Tag>}
              </Space>
            ),
          },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, u) => (
              <Space size={4} wrap>
                {u.active ? <Tag color="success">启用</Tag> : <Tag>已停用</Tag>}
                {u.mustChangePassword && <Tag color="orange">待改密码</Tag>}
              </Space>
            ),
          },
          { title: '查看完整身份证号', dataIndex: 'canRevealIdentity', render: (v: boolean) => (v ? <Tag color="purple">可以</Tag> : <Typography.Text type="secondary">否</Typography.Text>) },
          {
            title: '操作',
            key: 'ops',
            render: (_: unknown, u) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ editing: u })}>
                  编辑
                </Button>
                <Button
                  type="link"
                  size="small"
                  icon={<KeyOutlined />}
                  onClick={() =>
                    modal.confirm({
                      title: `重置 ${u.username} 的密码？`,
                      content: '将生成一次性新密码并只显示一次；该用户的登录状态会失效，下次登录须修改密码。',
                      okText: '重置',
                      cancelText: '取消',
                      onOk: () => reset.mutateAsync(u),
                    })
                  }
                >
                  重置密码
                </Button>
                {u.id !== me?.id && (
                  <Button
                    type="link"
                    size="small"
                    danger={u.active}
                    onClick={() =>
                      modal.confirm({
                        title: u.active ? `停用 ${u.username}？` : `启用 ${u.username}？`,
                        content: u.active ? '停用后该账号立即退出且不能登录，其 API 令牌也随之失效。' : undefined,
                        okText: u.active ? '停用' : '启用',
                        okButtonProps: { danger: u.active },
                        cancelText: '取消',
                        onOk: () => toggle.mutateAsync({ id: u.id, body: { version: u.version, active: !u.active } }),
                      })
                    }
                  >
                    {u.active ? '停用' : '启用'}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {q.data && q.data.some((u) => u.mustChangePassword) && (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title="标记“待改密码”的用户使用的是一次性密码，首次登录时系统会要求其修改。" />
      )}
      <UserForm open={!!dialog} editing={dialog?.editing ?? null} onClose={() => setDialog(null)} />
    </>
  );
}
