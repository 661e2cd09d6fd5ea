import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Form, Grid, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Switch, Tag, Tree, Typography } from 'antd';
import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { canParent, REGION_LEVELS, type RegionLevel } from '../../../../core/regions.ts';
import { apiUrl, ApiError } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { useRegions, type Region } from '../../app/data.ts';
import { buildRegionTree, type RegionNode } from '../../app/region-tree.ts';
import { levelLabel, levelOptions, fmtNumber } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { BoundaryUpload } from './BoundaryUpload.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { RegionCreate, RegionUpdate } from '../../../../core/schemas/regions.ts';
import { invalidateAfterRegionChange, usePopulation, useSaveRegion, useSetPopulation } from './api.ts';

const LEVEL_COLORS: Record<string, string> = { province: 'magenta', city: 'purple', county: 'geekblue', town: 'blue', village: 'green', community: 'cyan', grid: 'default' };
const ALIAS_SEPARATORS = [',', '，', '、', ';', '；'];

interface TreeOpt {
  key: string;
  title: string;
  region: Region;
  children?: TreeOpt[];
}

function toTree(nodes: RegionNode[], keep: ((r: Region) => boolean) | null): TreeOpt[] {
  const out: TreeOpt[] = [];
  for (const n of nodes) {
    const children = toTree(n.children, keep);
    if (keep && !keep(n) && children.length === 0) continue;
    out.push({ key: n.code, title: n.name, region: n, children: children.length ? children : undefined });
  }
  return out;
}

/** Region invalidation after a conflict (409): the page shows the stored version again. */
function useRefreshRegions() {
  const qc = useQueryClient();
  return () => invalidateAfterRegionChange(qc);
}

/** Levels that may sit directly under `parent` (all of them at the top of the tree). */
function childLevels(parent: string | null | undefined) {
  return levelOptions.filter((o) => canParent((parent as RegionLevel) ?? null, o.value) === null);
}

function RegionForm({ open, onClose, parent, editing, onSaved }: { open: boolean; onClose: () => void; parent?: Region | null; editing?: Region | null; onSaved: (code: string) => void }) {
  const [form] = Form.useForm();
  const { isAdmin } = useMe();
  const refresh = useRefreshRegions();
  const { data: all } = useRegions({ includeInactive: true });
  const parentCode = Form.useWatch('parentCode', form) as string | undefined;
  const parentLevel = editing ? null : (all ?? []).find((r) => r.code === parentCode)?.level;
  const save = useSaveRegion({
    onSuccess: (r) => {
      onSaved(r.code);
      onClose();
    },
    onError: (err) => err instanceof ApiError && err.status === 409 && refresh(),
  });
  const submit = (v: { code: string; name: string; level: RegionLevel; parentCode?: string; aliases?: string[] }) =>
    save.mutate(editing ? { code: editing.code, body: { version: editing.version, name: v.name, aliases: v.aliases ?? [] } } : { body: { ...v, parentCode: v.parentCode || null } });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) form.setFieldsValue({ name: editing.name, aliases: editing.aliases });
    else form.setFieldsValue({ parentCode: parent?.code, level: childLevels(parent?.level)[0]?.value });
  }, [open, editing, parent, form]);
  return (
    <Modal title={editing ? `编辑地区：${editing.name}` : '新增地区'} open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={save.isPending} destroyOnHidden forceRender>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        {!editing && (
          <>
            <Form.Item name="parentCode" label="上级地区" rules={isAdmin ? [] : [{ required: true, message: '请选择上级地区' }]} extra={isAdmin ? '不选则作为最上级地区' : undefined}>
              <RegionSelect levels={['province', 'city', 'county', 'town', 'village', 'community']} />
            </Form.Item>
            <Form.Item name="level" label="层级" rules={[{ required: true, message: '请选择层级' }]}>
              <Select options={childLevels(parentLevel)} placeholder="选择层级" />
            </Form.Item>
            <Form.Item name="code" label="代码" validateFirst rules={[{ required: true, whitespace: true, message: '请输入代码' }, zodRule(RegionCreate.shape.code)]} extra="村及以上用 12 位统计用区划代码；网格可自定，如 330782100001-G01">
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label="名称" validateFirst rules={[{ required: true, whitespace: true, message: '请输入名称' }, zodRule((editing ? RegionUpdate : RegionCreate).shape.name)]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="aliases" label="别名" extra="曾用名、简称等，用于按地址自动识别所属地区；回车或逗号分隔">
          <Select mode="tags" tokenSeparators={ALIAS_SEPARATORS} open={false} suffixIcon={null} placeholder="输入后回车" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MoveForm({ region, open, onClose }: { region: Region; open: boolean; onClose: () => void }) {
  const [parentCode, setParentCode] = useState<string | undefined>();
  const refresh = useRefreshRegions();
  const save = useSaveRegion({ onSuccess: () => onClose(), onError: (err) => err instanceof ApiError && err.status === 409 && refresh() });
  const allowed = REGION_LEVELS.filter((l) => canParent(l, region.level as RegionLevel) === null);
  return (
    <Modal title={`移动“${region.name}”`} open={open} onCancel={onClose} onOk={() => save.mutate({ code: region.code, body: { version: region.version, parentCode } })} okText="移动" okButtonProps={{ disabled: !parentCode }} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">移动后，其下级地区和所属单位随之移动，历史记录仍归属本地区。</Typography.Paragraph>
      <RegionSelect value={parentCode} onChange={setParentCode} levels={allowed} exclude={region.code} placeholder="选择新的上级地区" />
    </Modal>
  );
}

function Population({ region, editable }: { region: Region; editable: boolean }) {
  const [form] = Form.useForm();
  const [editingYear, setEditingYear] = useState<number | null>(null);
  const [draft, setDraft] = useState<number | null>(null);
  const q = usePopulation(region.code);
  const save = useSetPopulation(region.code, {
    onSuccess: () => {
      setEditingYear(null);
      form.resetFields();
    },
  });
  const rows = [...(q.data ?? [])].sort((a, b) => b.year - a.year);
  return (
    <Card size="small" title="常住人口（按年）" style={{ marginTop: 16 }}>
      {editable && (
        <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)} style={{ marginBottom: 12, rowGap: 8 }} initialValues={{ year: dayjs().year() }}>
          <Form.Item name="year" rules={[{ required: true, message: '年份' }]}>
            <InputNumber min={2000} max={2100} precision={0} suffix="年" style={{ width: 110 }} aria-label="年份" />
          </Form.Item>
          <Form.Item name="residents" rules={[{ required: true, message: '请输入人数' }]}>
            <InputNumber min={0} max={100_000_000} precision={0} suffix="人" placeholder="常住人口" style={{ width: 150 }} aria-label="常住人口" />
          </Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={save.isPending && editingYear === null}>
            保存
          </Button>
        </Form>
      )}
      <AppTable
        rowKey="year"
        loading={q.isLoading}
        dataSource={rows}
        pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '尚未填写常住人口' }}
        columns={[
          { title: '年份', dataIndex: 'year', width: 90, render: (y: number) => `${y} 年` },
          {
            title: '常住人口（人）',
            dataIndex: 'residents',
            render: (n: number, r) =>
              editingYear === r.year ? (
                <Space.Compact>
                  <InputNumber min={0} max={100_000_000} precision={0} value={draft} onChange={(v) => setDraft(v)} style={{ width: 130 }} autoFocus aria-label="常住人口" />
                  <Button type="primary" loading={save.isPending} onClick={() => draft !== null && save.mutate({ year: r.year, residents: draft })}>
                    保存
                  </Button>
                  <Button onClick={() => setEditingYear(null)}>取消</Button>
                </Space.Compact>
              ) : (
                fmtNumber(n)
              ),
          },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  width: 120,
                  render: (_: unknown, r: { year: number; residents: number }) => (
                    <Space size={4}>
                      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => (setEditingYear(r.year), setDraft(r.residents))}>
                        修改
                      </Button>
                      <Popconfirm title={`删除 ${r.year} 年的常住人口？`} okText="删除" cancelText="取消" onConfirm={() => save.mutate({ year: r.year, residents: null })}>
                        <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label="删除" />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function RegionDetail({ region, all, editable, onCreateChild, onEdit, onMove }: { region: Region; all: Region[]; editable: boolean; onCreateChild: () => void; onEdit: () => void; onMove: () => void }) {
  const refresh = useRefreshRegions();
  const { message } = App.useApp();
  const name = (code: string | null) => (code ? (all.find((r) => r.code === code)?.name ?? code) : '—');
  const toggle = useSaveRegion({
    onSuccess: () => {
      message.success(region.active ? '已停用' : '已启用');
    },
    onError: (err) => err instanceof ApiError && err.status === 409 && refresh(),
  });
  const canHaveChildren = levelOptions.some((o) => canParent(region.level as RegionLevel, o.value) === null);
  const phone = Grid.useBreakpoint().md === false;
  const actions = editable && (
    <Space wrap size={4}>
      {canHaveChildren && region.active && (
        <Button size="small" icon={<PlusOutlined />} onClick={onCreateChild}>
          新增下级
        </Button>
      )}
      <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
        编辑
      </Button>
      {region.parentCode && (
        <Button size="small" icon={<DragOutlined />} onClick={onMove}>
          移动
        </Button>
      )}
      <Popconfirm
        title={region.active ? `停用“${region.name}”？` : `启用“${region.name}”？`}
        description={region.active ? '停用后不能再登记新的记录，已有记录保留。' : undefined}
        okText={region.active ? '停用' : '启用'}
        cancelText="取消"
        onConfirm={() => toggle.mutateAsync({ code: region.code, body: { version: region.version, active: !region.active } })}
      >
        <Button size="small" danger={region.active} icon={region.active ? <StopOutlined /> : <CheckCircleOutlined />}>
          {region.active ? '停用' : '启用'}
        </Button>
      </Popconfirm>
    </Space>
  );
  return (
    <>
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{region.name}</span>
            <Tag color={LEVEL_COLORS[region.level]}>{levelLabel(region.level)}</Tag>
            {!region.active && <Tag>已停用</Tag>}
          </Space>
        }
        // at phone width the buttons go under the title (in the header they would overlap the name)
        extra={!phone && actions}
      >
        {phone && actions && <div style={{ marginBottom: 12 }}>{actions}</div>}
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
          <Descriptions.Item label="代码">{region.code}</Descriptions.Item>
          <Descriptions.Item label="层级">{levelLabel(region.level)}</Descriptions.Item>
          <Descriptions.Item label="上级地区">{name(region.parentCode)}</Descriptions.Item>
          <Descriptions.Item label="所属乡镇">{region.townCode ? name(region.townCode) : '—'}</Descriptions.Item>
          <Descriptions.Item label="别名" span={2}>
            {region.aliases.length ? region.aliases.map((a) => <Tag key={a}>{a}</Tag>) : <Typography.Text type="secondary">无</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="状态">{region.active ? <Tag color="success">启用</Tag> : <Tag>已停用</Tag>}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Population region={region} editable={editable} />
    </>
  );
}

export default function RegionsPage() {
  const { can } = useMe();
  const editable = can('admin.regions');
  const [params, setParams] = useSearchParams();
  const [showInactive, setShowInactive] = useState(false);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<null | 'create' | 'createTop' | 'edit' | 'move'>(null);
  const q = useRegions({ includeInactive: showInactive });
  const all = useMemo(() => q.data ?? [], [q.data]);
  const selectedCode = params.get('code') ?? all[0]?.code;
  const selected = all.find((r) => r.code === selectedCode) ?? null;
  const select = (code: string) => setParams({ code }, { replace: true });

  const roots = useMemo(() => buildRegionTree(all), [all]);
  const term = search.trim().toLowerCase();
  const treeData = useMemo(() => toTree(roots, term ? (r) => `${r.name} ${r.code} ${r.aliases.join(' ')}`.toLowerCase().includes(term) : null), [roots, term]);
  // by default open the tree down to the towns (and the selected region's branch); everything while searching
  const defaultExpanded = useMemo(() => {
    if (term) return all.map((r) => r.code);
    const keys = all.filter((r) => ['province', 'city', 'county'].includes(r.level)).map((r) => r.code);
    if (treeData[0]) keys.push(treeData[0].key);
    for (let c = selected?.parentCode; c; c = all.find((r) => r.code === c)?.parentCode ?? null) keys.push(c);
    return keys;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [treeData, term]);

  return (
    <>
      <PageHeader
        title="地区管理"
        subtitle={editable ? '地区树、别名与各年常住人口；有记录的地区只能停用，不能删除' : '您可查看的地区及其常住人口'}
        extra={
          <>
            <Space size={6} style={{ height: 32 }}>
              <Switch size="small" checked={showInactive} onChange={setShowInactive} id="show-inactive" />
              <label htmlFor="show-inactive">显示已停用</label>
            </Space>
            <ExportButton url={apiUrl('/regions', { format: 'xlsx', includeInactive: showInactive || undefined })} />
            {editable && <BoundaryUpload />}
            {editable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog(selected ? 'create' : 'createTop')}>
                新增地区
              </Button>
            )}
          </>
        }
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} xl={8}>
          <Card size="small" styles={{ body: { padding: 8 } }}>
            <Input.Search allowClear placeholder="按名称、代码或别名查找" onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 8 }} />
            {treeData.length === 0 && !q.isLoading ? (
              <Empty description={term ? '没有匹配的地区' : '还没有地区'} />
            ) : (
              <Tree<TreeOpt>
                className="region-tree"
                treeData={treeData}
                height={520}
                blockNode
                selectedKeys={selected ? [selected.code] : []}
                expandedKeys={term ? defaultExpanded : (expanded ?? defaultExpanded)}
                onExpand={(keys) => setExpanded(keys as string[])}
                onSelect={(keys) => keys[0] && select(String(keys[0]))}
                titleRender={(n) => (
                  <Flex gap={6} align="center" style={{ minWidth: 0 }}>
                    <span className={`region-name ${n.region.active ? '' : 'region-inactive'}`}>{n.title}</span>
                    <Tag color={LEVEL_COLORS[n.region.level]} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>
                      {levelLabel(n.region.level)}
                    </Tag>
                  </Flex>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14} xl={16}>
          {selected ? (
            <RegionDetail region={selected} all={all} editable={editable} onCreateChild={() => setDialog('create')} onEdit={() => setDialog('edit')} onMove={() => setDialog('move')} />
          ) : (
            <Card size="small">
              <Empty description={q.isLoading ? '加载中…' : '请在左侧选择地区'} />
            </Card>
          )}
        </Col>
      </Row>
      {editable && (
        <>
          <RegionForm open={dialog === 'create' || dialog === 'createTop'} parent={dialog === 'create' ? selected : null} onClose={() => setDialog(null)} onSaved={select} />
          <RegionForm open={dialog === 'edit'} editing={selected} onClose={() => setDialog(null)} onSaved={select} />
          {selected && <MoveForm region={selected} open={dialog === 'move'} onClose={() => setDialog(null)} />}
        </>
      )}
    </>
  );
}
