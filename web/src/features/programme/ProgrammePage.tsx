/**
 * Programme ledger (SPEC §8): programme years with targets and phases, the task ledger (tasks assigned to
 * units with deadlines, completion evidence and overdue flags), and the December summary document.
 */
import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Steps,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { useRegions, useUnits } from '../../app/data.ts';
import { TaskDrawer, TaskStatusTag } from './TaskDrawer.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import type { ProgrammeListItem, ProgrammeTask } from '../../../../core/schemas/evaluation.ts';
import { zodRule } from '../../app/zod-rule.ts';
import { ProgrammeCreate, ProgrammeTaskCreate } from '../../../../core/schemas/programme.ts';
import { useCreateProgramme, useDeleteTask, useProgrammes, useProgrammeTasks, useSaveTask } from './api.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

type Programme = ProgrammeListItem;
type Task = ProgrammeTask;

const PHASES = [
  { value: 'mobilise', label: '动员部署' },
  { value: 'advance', label: '全面推进' },
  { value: 'summarise', label: '总结提升' },
];
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

function CreateProgramme({ open, onClose }: { open: boolean; onClose: (id?: string) => void }) {
  const [form] = Form.useForm();
  const m = useCreateProgramme({
    onSuccess: (p) => {
      form.resetFields();
      onClose(p.id);
    },
  });
  const submit = (v: { regionCode: string; year: number; title: string; goals?: string; target?: number | null }) =>
    m.mutate({
      regionCode: v.regionCode,
      year: v.year,
      title: v.title,
      goals: v.goals || null,
      villageShareTarget: v.target === null || v.target === undefined ? null : String(v.target / 100),
    });
  return (
    <Modal open={open} title="新建年度创建工作方案" onCancel={() => onClose()} onOk={() => form.submit()} confirmLoading={m.isPending} okText="保存" destroyOnHidden>
      <ProblemAlert error={m.error} />
      <Form form={form} layout="vertical" initialValues={{ year: dayjs().year() }} onFinish={submit}>
        <Form.Item name="regionCode" label="制定地区" rules={[zodRule(ProgrammeCreate.shape.regionCode, '请选择乡镇（街道）')]}>
          <RegionSelect levels={['province', 'city', 'county', 'town']} />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="title" label="方案名称" rules={[zodRule(ProgrammeCreate.shape.title)]}>
          <Input placeholder="如：“宁人息事”无讼创建工作方案" />
        </Form.Item>
        <Form.Item name="goals" label="创建目标">
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="target" label="无讼村（社区）占比目标（%），不填则用年度设置" >
          <InputNumber min={0} max={100} style={{ width: 120 }} />
        </Form.Item>
        <Typography.Text type="secondary">阶段默认为：动员部署 7月1日–15日，全面推进 7月16日–11月30日，总结提升 12月。</Typography.Text>
      </Form>
    </Modal>
  );
}

function TaskForm({ programme, task, open, onClose }: { programme: Programme; task: Task | null; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const { data: units } = useUnits();
  const { data: regions } = useRegions();
  // villages and communities of the programme's region (a town's programme: its villages)
  const villages = (regions ?? []).filter(
    (r) => (r.level === 'village' || r.level === 'community') && (r.townCode === programme.regionCode || r.parentCode === programme.regionCode),
  );
  const assigneeOptions = [
    { label: '单位', options: (units ?? []).map((u) => ({ value: `unit:${u.id}`, label: u.name })) },
    { label: '村（社区）', options: villages.map((v) => ({ value: `village:${v.code}`, label: v.name })) },
  ];
  useEffect(() => {
    if (open)
      form.setFieldsValue(
        task
          ? { ...task, assignee: task.unitId ? `unit:${task.unitId}` : task.villageCode ? `village:${task.villageCode}` : null, deadline: task.deadline ? dayjs(task.deadline) : null }
          : { phase: programme.currentPhase ?? 'mobilise', title: '', assignee: null, deadline: null, description: null },
      );
  }, [open, task, programme, form]);
  const m = useSaveTask({ onSuccess: () => onClose() });
  const submit = (v: { phase: string; title: string; assignee?: string | null; deadline?: dayjs.Dayjs | null; description?: string | null }) => {
    const [kind, key] = v.assignee ? [v.assignee.slice(0, v.assignee.indexOf(':')), v.assignee.slice(v.assignee.indexOf(':') + 1)] : [null, null];
    const body = {
      phase: v.phase,
      title: v.title,
      unitId: kind === 'unit' ? key : null,
      villageCode: kind === 'village' ? key : null,
      deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
      description: v.description ?? null,
    };
    m.mutate(task ? { id: task.id, body: { ...body, version: task.version } } : { programmeId: programme.id, body });
  };
  return (
    <Modal open={open} title={task ? '修改任务' : '新增任务'} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okText="保存" destroyOnHidden>
      <ProblemAlert error={m.error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="phase" label="阶段" rules={[{ required: true }]}>
          <Select options={PHASES} />
        </Form.Item>
        <Form.Item name="title" label="任务" rules={[zodRule(ProgrammeTaskCreate.shape.title)]}>
          <Input />
        </Form.Item>
        <Form.Item name="assignee" label="责任单位/村（社区）" extra="交给单位或村（社区）后，其人员可在“我的任务”中看到并上报进展">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={assigneeOptions} data-testid="task-assignee" />
        </Form.Item>
        <Form.Item name="deadline" label="完成期限">
          <DayPicker />
        </Form.Item>
        <Form.Item name="description" label="要求">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CompleteTask({ task, onClose, programmeId }: { task: Task | null; onClose: () => void; programmeId: string }) {
  const [form] = Form.useForm();
  useEffect(() => {
    if (task) form.setFieldsValue({ completedOn: dayjs(), evidence: task.evidence ?? '' });
  }, [task, form]);
  const m = useSaveTask({ onSuccess: () => onClose() });
  const submit = (v: { completedOn: dayjs.Dayjs; evidence: string }) =>
    m.mutate({ id: task!.id, body: { version: task!.version, status: 'done', completedOn: v.completedOn.format('YYYY-MM-DD'), evidence: v.evidence } });
  return (
    <Modal open={!!task} title={`完成任务：${task?.title ?? ''}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okText="确认完成" destroyOnHidden>
      <ProblemAlert error={m.error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="completedOn" label="完成日期" rules={[{ required: true }]}>
          <DayPicker />
        </Form.Item>
        <Form.Item name="evidence" label="完成情况及佐证材料" rules={[{ required: true, message: '请填写完成情况或佐证材料' }]}>
          <Input.TextArea rows={4} placeholder="如：会议纪要、签到表、照片、文件编号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Ledger({ programme }: { programme: Programme }) {
  const { can } = useMe();
  const { message } = App.useApp();
  const [phase, setPhase] = useState<string | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [editing, setEditing] = useState<Task | null | 'new'>(null);
  const [completing, setCompleting] = useState<Task | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const query = { phase, overdue: overdueOnly || undefined };
  const q = useProgrammeTasks(programme.id, query);
  const reopen = useSaveTask();
  const remove = useDeleteTask({ onSuccess: () => message.success('已删除') });
  const write = can('programme.write');
  const current = programme.phases.findIndex((p) => p.key === programme.currentPhase);
  return (
    <Card
      size="small"
      title={`${programme.regionName} ${programme.year}年 · ${programme.title}`}
      data-testid="ledger"
      extra={
        <Space wrap>
          <ExportButton size="small" label="年度总结（Word）" filename="年度总结.docx" url={apiUrl(`/programmes/${programme.id}/summary`, { format: 'docx' })} />
          <ExportButton size="small" label="村主干考评表" url={apiUrl('/reports/assessment', { year: programme.year, format: 'xlsx' })} />
        </Space>
      }
    >
      <Steps
        size="small"
        current={current < 0 ? (dayjs().format('YYYY-MM-DD') > programme.phases[2].end ? 3 : -1) : current}
        items={programme.phases.map((p) => ({ title: p.name, content: `${p.start.slice(5)} 至 ${p.end.slice(5)}` }))}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        无讼村（社区）占比：年度目标 {pct(programme.villageShareTarget)}，无讼乡镇标准 {pct(programme.villageShareMin)}。{programme.goals ?? ''}
      </Typography.Paragraph>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="全部阶段" value={phase} onChange={setPhase} options={PHASES} style={{ width: 130 }} />
        <span>
          只看逾期 <Switch checked={overdueOnly} onChange={setOverdueOnly} size="small" />
        </span>
        <ExportButton size="small" url={apiUrl(`/programmes/${programme.id}/tasks`, { ...query, format: 'xlsx' })} />
        {write && (
          <Button icon={<PlusOutlined />} type="primary" onClick={() => setEditing('new')}>
            新增任务
          </Button>
        )}
      </Flex>
      <ProblemAlert error={q.error || reopen.error || remove.error} />
      <Table<Task>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        scroll={{ x: 'max-content' }}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: '阶段', dataIndex: 'phaseName', key: 'phase' },
          {
            title: '任务',
            dataIndex: 'title',
            key: 'title',
            render: (v: string, t) => (
              <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} title={t.description ?? undefined} onClick={() => setViewing(t.id)}>
                {v}
              </Button>
            ),
          },
          { title: '责任单位/村（社区）', dataIndex: 'assignee', key: 'assignee', render: (v: string | null) => v ?? '—' },
          { title: '期限', dataIndex: 'deadline', key: 'deadline', render: (v: string | null) => v ?? '—' },
          { title: '进度', dataIndex: 'progress', key: 'progress', render: (v: number | null) => (v === null ? '未上报' : `${v}%`) },
          { title: '状态', key: 'status', render: (_, t) => <TaskStatusTag task={t} /> },
          { title: '完成情况', key: 'evidence', render: (_, t) => (t.status === 'done' ? `${t.completedOn ?? ''} ${t.evidence ?? ''}` : '') },
          ...(write
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, t: Task) => (
                    <Space size={4} wrap>
                      {t.status === 'open' ? (
                        <Button size="small" type="link" onClick={() => setCompleting(t)}>
                          完成
                        </Button>
                      ) : (
                        <Button size="small" type="link" onClick={() => reopen.mutate({ id: t.id, body: { version: t.version, status: 'open' } })}>
                          重新打开
                        </Button>
                      )}
                      <Button size="small" type="link" onClick={() => setEditing(t)}>
                        修改
                      </Button>
                      <Popconfirm title="删除此任务？" onConfirm={() => remove.mutate(t)} okText="删除" cancelText="取消">
                        <Button size="small" type="link" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <TaskForm programme={programme} task={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <CompleteTask task={completing} onClose={() => setCompleting(null)} programmeId={programme.id} />
      <TaskDrawer id={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}

export default function ProgrammePage() {
  const { can } = useMe();
  const [year, setYear] = useState<number | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const q = useProgrammes(year);
  const list = q.data ?? [];
  const current = list.find((p) => p.id === selected) ?? list[0];
  return (
    <>
      <PageHeader
        title="创建台账"
        subtitle="年度创建方案的目标与阶段，工作任务的责任单位、期限、完成佐证与逾期情况"
        extra={
          can('programme.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建年度方案
            </Button>
          )
        }
      />
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        年度 <InputNumber min={2000} max={2100} value={year} placeholder="全部" onChange={(v) => setYear(v ? Number(v) : null)} style={{ width: 100 }} />
      </Flex>
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {q.data && list.length === 0 && <Empty description="尚无创建工作方案" />}
      {list.length > 0 && (
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          {list.map((p) => (
            <Card
              key={p.id}
              size="small"
              hoverable
              onClick={() => setSelected(p.id)}
              style={{ width: 280, borderColor: current?.id === p.id ? '#1f4e8c' : undefined }}
              data-testid={`programme-${p.id}`}
            >
              <Typography.Text strong>
                {p.regionName} {p.year}年
              </Typography.Text>
              <div style={{ fontSize: 13 }}>{p.title}</div>
              <Space size={4} wrap style={{ marginTop: 6 }}>
                <Tag>任务 {p.taskCounts?.total ?? 0}</Tag>
                <Tag color="green">完成 {p.taskCounts?.done ?? 0}</Tag>
                {(p.taskCounts?.overdue ?? 0) > 0 && <Tag color="red">逾期 {p.taskCounts?.overdue}</Tag>}
              </Space>
            </Card>
          ))}
        </Flex>
      )}
      {current && <Ledger programme={current} />}
      <CreateProgramme
        open={creating}
        onClose={(id) => {
          setCreating(false);
          if (id) setSelected(id);
        }}
      />
    </>
  );
}
