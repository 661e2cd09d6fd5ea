/**
 * One page shape for every kind of outside data (SPEC §5): filters, a server-paged list, .xlsx export of
 * the filtered list, and a form to add or edit (with the version check) and delete. Each kind is a
 * config in kinds.tsx; the pages are thin wrappers.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { apiUrl, ApiError } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { useRegions } from '../../app/data.ts';
import { writesCityData } from '../../../../core/roles.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { invalidateAfterRecordChange, useDeleteOutsideRecord, useOutsideRecords, useSaveOutsideRecord, type RecordBase } from './api.ts';
import { FilterBar, activeFilters } from '../../app/components/FilterBar.tsx';

export interface FilterDef {
  name: string;
  placeholder: string;
  options?: { value: string; label: string }[];
  width?: number;
}

export interface KindConfig<T extends RecordBase> {
  /** API path under /api, e.g. '/court-cases' */
  path: string;
  title: string;
  subtitle?: ReactNode;
  /** what one record is called (新增“…”) */
  noun: string;
  columns: ColumnsType<T>;
  filters?: FilterDef[];
  /** region filter (subtree) */
  regionFilter?: boolean;
  yearFilter?: boolean;
  searchPlaceholder?: string;
  /** form fields; `editing` is null when adding */
  fields: (editing: T | null) => ReactNode;
  /** record → form values */
  toForm?: (r: T) => Record<string, unknown>;
  /** form values → request body */
  toBody?: (v: Record<string, unknown>, editing: T | null) => Record<string, unknown>;
  /** a short name for confirmations */
  nameOf: (r: T) => string;
  testId: string;
  /** the city's own figures: only an admin or a city-level binding may write them (core/roles.ts writesCityData) */
  cityLevel?: boolean;
}

const YEARS = (() => {
  const now = new Date().getFullYear();
  return Array.from({ length: 8 }, (_, i) => ({ value: String(now - i), label: `${now - i}年` }));
})();

function RecordForm<T extends RecordBase>({ cfg, open, editing, onClose }: { cfg: KindConfig<T>; open: boolean; editing: T | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const refresh = () => invalidateAfterRecordChange(qc, cfg.path);
  const save = useSaveOutsideRecord<T>(cfg.path, {
    onSuccess: (res) => {
      message.success('已保存');
      for (const w of res.warnings) message.warning(w.reason, 6);
      onClose();
    },
    onError: (err) => err instanceof ApiError && err.status === 409 && refresh(),
  });
  useEffect(() => {
    if (!open) return;
    save.reset();
    form.resetFields();
    if (editing) form.setFieldsValue(cfg.toForm ? cfg.toForm(editing) : editing);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, editing, form]);
  return (
    <Modal
      title={editing ? `编辑${cfg.noun}：${cfg.nameOf(editing)}` : `新增${cfg.noun}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      forceRender
      width={560}
    >
      <ProblemAlert error={save.error} onReload={() => onClose()} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ editing, body: cfg.toBody ? cfg.toBody(v, editing) : v })} requiredMark="optional" data-testid={`${cfg.testId}-form`}>
        {cfg.fields(editing)}
      </Form>
    </Modal>
  );
}

export function RecordPage<T extends RecordBase>({ cfg }: { cfg: KindConfig<T> }) {
  const { me, can } = useMe();
  const regions = useRegions();
  const levelOf = new Map((regions.data ?? []).map((r) => [r.code, r.level]));
  const editable = cfg.cityLevel ? writesCityData((me?.bindings ?? []).map((b) => ({ role: b.role, level: b.regionCode ? levelOf.get(b.regionCode) : null }))) : can('court.write');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [dialog, setDialog] = useState<{ editing: T | null } | null>(null);
  const query = { ...filters, page: page.current, pageSize: page.pageSize };
  const q = useOutsideRecords<T>(cfg.path, query);
  const remove = useDeleteOutsideRecord<T>(cfg.path, {
    onSuccess: () => {
      message.success('已删除');
    },
    onError: () => invalidateAfterRecordChange(qc, cfg.path),
  });
  const setFilter = (name: string, v: string | undefined) => {
    setFilters((f) => ({ ...f, [name]: v || undefined }));
    setPage((p) => ({ ...p, current: 1 }));
  };
  const columns: ColumnsType<T> = [
    ...cfg.columns,
    ...(editable
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 150,
            fixed: 'right' as const,
            render: (_: unknown, r: T) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ editing: r })}>
                  编辑
                </Button>
                <Popconfirm title={`删除“${cfg.nameOf(r)}”？`} okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => remove.mutateAsync(r)}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={cfg.title}
        subtitle={cfg.subtitle}
        extra={
          <>
            <ExportButton url={apiUrl(cfg.path, { ...filters, format: 'xlsx' })} />
            {editable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })}>
                新增
              </Button>
            )}
          </>
        }
      />
      <FilterBar active={activeFilters(filters)}>
        {cfg.searchPlaceholder && <Input.Search allowClear placeholder={cfg.searchPlaceholder} onSearch={(v) => setFilter('q', v.trim())} style={{ width: 200 }} />}
        {cfg.regionFilter && <RegionSelect value={filters.region} onChange={(v: string | undefined) => setFilter('region', v)} placeholder="地区（含下级）" style={{ width: 200 }} />}
        {cfg.yearFilter && <Select allowClear placeholder="年度" options={YEARS} value={filters.year} onChange={(v) => setFilter('year', v)} style={{ width: 110 }} />}
        {(cfg.filters ?? []).map((f) => (
          <Select key={f.name} allowClear placeholder={f.placeholder} options={f.options} value={filters[f.name]} onChange={(v) => setFilter(f.name, v)} style={{ width: f.width ?? 140 }} />
        ))}
      </FilterBar>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <AppTable<T>
        rowKey="key"
        data-testid={`${cfg.testId}-table`}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        columns={columns}
        pagination={{ current: page.current, pageSize: page.pageSize, total: q.data?.total ?? 0, onChange: (current, pageSize) => setPage({ current, pageSize }) }}
      />
      {editable && <RecordForm cfg={cfg} open={!!dialog} editing={dialog?.editing ?? null} onClose={() => setDialog(null)} />}
    </>
  );
}
