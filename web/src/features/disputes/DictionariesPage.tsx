/**
 * The configurable dispute dictionaries (SPEC §4.5): categories, each counted under a national statistics
 * category, and failure reasons. Entries can be added, renamed and switched off — never removed, since
 * records use their keys.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Input, Select, Switch, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { STATS_CATEGORIES } from '../../../../core/dictionaries.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { useDictionariesQuery, useSaveDictionaries } from './api.ts';
import type { Dictionaries } from './types.ts';

type Cat = Dictionaries['categories'][number] & { isNew?: boolean };
type Reason = Dictionaries['failureReasons'][number] & { isNew?: boolean };

export default function DictionariesPage() {
  const { message } = App.useApp();
  const q = useDictionariesQuery();
  const [cats, setCats] = useState<Cat[]>([]);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (q.data) {
      setCats(q.data.categories);
      setReasons(q.data.failureReasons);
    }
  }, [q.data]);
  const save = useSaveDictionaries({
    meta: { silent: true },
    onSuccess: () => {
      setError(null);
      message.success('已保存');
    },
    onError: setError,
  });
  const body = () => ({
    categories: cats.map(({ key, label, statsCategory, active }) => ({ key: key.trim(), label, statsCategory, active })),
    failureReasons: reasons.map(({ key, label, active }) => ({ key: key.trim(), label, active })),
  });
  const editCat = (i: number, patch: Partial<Cat>) => setCats((l) => l.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const editReason = (i: number, patch: Partial<Reason>) => setReasons((l) => l.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <>
      <PageHeader
        title="纠纷类别与原因"
        subtitle="可新增、改名、停用；已使用的代码不能删除。统计时按“统计类别”归入全国人民调解统计口径"
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate(body())}>
            保存
          </Button>
        }
      />
      <ProblemAlert error={error ?? q.error} />
      <Flex gap={16} wrap align="flex-start">
        <Card size="small" title="纠纷类别" style={{ flex: '2 1 520px' }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setCats((l) => [...l, { key: '', label: '', statsCategory: 'other', active: true, isNew: true }])}>新增</Button>}>
          <Table<Cat>
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={cats}
            columns={[
              // a category's code is typed once when it is added (imports accept it); it is never shown afterwards
              { title: '代码', dataIndex: 'key', hidden: !cats.some((c) => c.isNew), render: (v, c, i) => (c.isNew ? <Input size="small" value={v} placeholder="如 tourism" onChange={(e) => editCat(i, { key: e.target.value })} /> : null) },
              { title: '名称', dataIndex: 'label', render: (v, _, i) => <Input size="small" value={v} maxLength={50} onChange={(e) => editCat(i, { label: e.target.value })} /> },
              { title: '统计类别', dataIndex: 'statsCategory', render: (v, _, i) => <Select size="small" value={v} style={{ width: 130 }} options={STATS_CATEGORIES.map((s) => ({ value: s.key, label: s.label }))} onChange={(x) => editCat(i, { statsCategory: x })} /> },
              { title: '启用', dataIndex: 'active', render: (v, _, i) => <Switch size="small" checked={v} onChange={(x) => editCat(i, { active: x })} /> },
            ]}
          />
        </Card>
        <Card size="small" title="调解不成的原因" style={{ flex: '1 1 360px' }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setReasons((l) => [...l, { key: '', label: '', active: true, isNew: true }])}>新增</Button>}>
          <Table<Reason>
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={reasons}
            columns={[
              { title: '代码', dataIndex: 'key', hidden: !reasons.some((c) => c.isNew), render: (v, c, i) => (c.isNew ? <Input size="small" value={v} onChange={(e) => editReason(i, { key: e.target.value })} /> : null) },
              { title: '名称', dataIndex: 'label', render: (v, _, i) => <Input size="small" value={v} maxLength={50} onChange={(e) => editReason(i, { label: e.target.value })} /> },
              { title: '启用', dataIndex: 'active', render: (v, c, i) => <Switch size="small" checked={v} disabled={c.key === 'other'} onChange={(x) => editReason(i, { active: x })} /> },
            ]}
          />
        </Card>
      </Flex>
    </>
  );
}
