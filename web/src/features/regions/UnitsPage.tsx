import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { apiUrl, ApiError } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import type { UnitType } from '../../../../core/regions.ts';
import type { Unit } from '../../../../core/schemas/regions.ts';
import { UnitCreate } from '../../../../core/schemas/regions.ts';
import { useRegionName } from '../../app/data.ts';
import { unitTypeLabel, unitTypeOptions } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { invalidateAfterRegionChange, useSaveUnit, useUnitList } from './api.ts';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';

function UnitForm({ open, editing, onClose }: { open: boolean; editing: Unit | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const save = useSaveUnit({ onSuccess: () => onClose(), onError: (err) => err instanceof ApiError && err.status === 409 && invalidateAfterRegionChange(qc) });
  type Values = { id?: string; name: string; type: UnitType; regionCode: string };
  const submit = (v: Values) =>
    save.mutate(editing ? { id: editing.id, body: { version: editing.version, name: v.name, type: v.type, regionCode: v.regionCode } } : { body: { ...v, id: v.id?.trim() || undefined } });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) form.setFieldsValue(editing);
  }, [open, editing, form]);
  return (
    <Modal title={editing ? `编辑单位：${editing.name}` : '新增解纷单位'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="name" label="单位名称" validateFirst rules={[{ required: true, whitespace: true, message: '请输入单位名称' }, zodRule(UnitCreate.shape.name)]}>
          <Input maxLength={100} placeholder="如 清溪镇司法所" />
        </Form.Item>
        <Form.Item name="type" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={unitTypeOptions} placeholder="选择类型" />
        </Form.Item>
        <Form.Item name="regionCode" label="服务地区" rules={[{ required: true, message: '请选择服务地区' }]} extra="村调委会选村（社区）；镇级单位选乡镇；法院、检察院可选县（区）">
          <RegionSelect levels={['province', 'city', 'county', 'town', 'village', 'community']} />
        </Form.Item>
        {!editing && (
          <Form.Item name="id" label="单位编号" rules={[zodRule(UnitCreate.shape.id)]} extra="可留空，系统自动生成；对接外部系统时可填其编号">
            <Input maxLength={60} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export default function UnitsPage() {
  const { can } = useMe();
  const editable = can('admin.regions');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const regionName = useRegionName();
  const [region, setRegion] = useState<string | undefined>();
  const [type, setType] = useState<string | undefined>();
  const [showInactive, setShowInactive] = useState(false);
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<{ editing: Unit | null } | null>(null);
  const filters = { region, type, includeInactive: showInactive || undefined };
  const q = useUnitList(filters);
  const toggle = useSaveUnit({
    onSuccess: (u) => {
      message.success(u.active ? '已启用' : '已停用');
    },
    onError: (err) => err instanceof ApiError && err.status === 409 && invalidateAfterRegionChange(qc),
  });
  const rows = useMemo(() => {
    const t = search.trim().toLowerCase();
    return (q.data ?? []).filter((u) => !t || `${u.name} ${u.id} ${regionName(u.regionCode)}`.toLowerCase().includes(t));
  }, [q.data, search, regionName]);

  return (
    <>
      <PageHeader
        title="解纷单位"
        subtitle="受理、调处矛盾纠纷的单位：村调委会、镇矛调中心、司法所、派出所、法庭等"
        extra={
          <>
            <ExportButton url={apiUrl('/units', { ...filters, format: 'xlsx' })} />
            {editable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })}>
                新增单位
              </Button>
            )}
          </>
        }
      />
      <FilterBar active={activeFilters({ region, type, search, showInactive: showInactive || undefined })}>
        <RegionSelect value={region} onChange={setRegion} placeholder="服务地区" style={{ width: 200 }} />
        <Select allowClear value={type} onChange={setType} options={unitTypeOptions} placeholder="单位类型" style={{ width: 180 }} />
        <Input.Search allowClear placeholder="名称或编号" onChange={(e) => setSearch(e.target.value)} style={{ width: 180 }} />
        <Space size={6}>
          <Switch size="small" checked={showInactive} onChange={setShowInactive} id="units-inactive" />
          <label htmlFor="units-inactive">显示已停用</label>
        </Space>
      </FilterBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<Unit>
        rowKey="id"
        loading={q.isLoading}
        dataSource={rows}
        columns={[
          { title: '单位名称', dataIndex: 'name', fixed: 'left', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
          { title: '类型', dataIndex: 'type', render: (t: string) => unitTypeLabel(t), filters: unitTypeOptions.map((o) => ({ text: o.label, value: o.value })), onFilter: (v, u) => u.type === v },
          { title: '服务地区', dataIndex: 'regionCode', render: (c: string) => regionName(c) },
          { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="success">启用</Tag> : <Tag>已停用</Tag>) },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, u: Unit) => (
                    <Space size={0}>
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ editing: u })}>
                        编辑
                      </Button>
                      <Popconfirm title={u.active ? `停用“${u.name}”？` : `启用“${u.name}”？`} okText="确定" cancelText="取消" onConfirm={() => toggle.mutateAsync({ id: u.id, body: { version: u.version, active: !u.active } })}>
                        <Button type="link" size="small" danger={u.active}>
                          {u.active ? '停用' : '启用'}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editable && <UnitForm open={!!dialog} editing={dialog?.editing ?? null} onClose={() => setDialog(null)} />}
    </>
  );
}
