/**
 * One task of the ledger as its assignee or the town office opens it (issue 13.7): what is asked, the deadline and
 * whether it is late, the history of reports (who, when, note, per cent, attachments), and — for whoever may report —
 * a form to report progress or completion. Attachments are added to a report once it is saved.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Empty, Form, Grid, Input, InputNumber, Progress, Radio, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { ProgrammeTaskReportCreate } from '../../../../core/schemas/programme.ts';
import type { ProgrammeTask } from '../../../../core/schemas/evaluation.ts';
import { Attachments } from '../prevention/common.tsx';
import { invalidateAfterProgrammeChange, useReportTask, useTask } from './api.ts';

/** The task's state as a tag: 已完成 / 逾期完成 / 逾期 / 进行中. */
export function TaskStatusTag({ task }: { task: Pick<ProgrammeTask, 'status' | 'late' | 'overdue'> }) {
  if (task.status === 'done') return <Tag color={task.late ? 'orange' : 'green'}>{task.late ? '逾期完成' : '已完成'}</Tag>;
  return task.overdue ? <Tag color="red">逾期</Tag> : <Tag color="blue">进行中</Tag>;
}

function ReportForm({ id, version }: { id: string; version: number }) {
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as 'progress' | 'done' | undefined;
  const m = useReportTask(id, { onSuccess: () => form.resetFields() });
  return (
    <Form
      form={form}
      initialValues={{ kind: 'progress', percent: null, note: '' }}
      layout="vertical"
      data-testid="task-report-form"
      onFinish={(v: { kind: 'progress' | 'done'; percent?: number | null; note: string }) => m.mutate({ version, kind: v.kind, percent: v.kind === 'done' ? 100 : (v.percent ?? null), note: v.note })}
    >
      <ProblemAlert error={m.error} />
      <Form.Item name="kind" label="上报类型">
        <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'progress', label: '进展' }, { value: 'done', label: '已完成' }]} />
      </Form.Item>
      {kind !== 'done' && (
        <Form.Item name="percent" label="完成进度（%）">
          <InputNumber min={0} max={100} precision={0} style={{ width: 120 }} />
        </Form.Item>
      )}
      <Form.Item name="note" label={kind === 'done' ? '完成情况及佐证' : '进展情况'} rules={[zodRule(ProgrammeTaskReportCreate.shape.note, '请填写进展情况')]}>
        <Input.TextArea rows={3} placeholder={kind === 'done' ? '如：会议纪要、签到表、文件编号' : '做了什么、还差什么'} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        提交后可在下方记录中为本次上报添加照片或 PDF 附件。
      </Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={m.isPending} block>
        提交
      </Button>
    </Form>
  );
}

export function TaskDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useTask(id);
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const t = q.data;
  return (
    <Drawer open={!!id} onClose={onClose} title={t?.title ?? '任务'} size={screens.md ? 560 : '100%'} destroyOnHidden data-testid="task-drawer">
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {t && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {t.overdue && <Alert type="error" showIcon title={`已超过完成期限（${t.deadline}），请尽快完成并上报`} />}
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="所属方案">{`${t.regionName} ${t.programmeYear}年 · ${t.programmeTitle}`}</Descriptions.Item>
            <Descriptions.Item label="阶段">{t.phaseName}</Descriptions.Item>
            <Descriptions.Item label="责任单位/村（社区）">{t.assignee ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="完成期限">{t.deadline ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Space>
                <TaskStatusTag task={t} />
                {t.status === 'done' && t.completedOn && <span>{`${t.completedOn} ${t.completedBy ?? ''}`}</span>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="进度">{t.progress === null ? '未上报' : <Progress percent={t.progress} size="small" style={{ width: 160, margin: 0 }} />}</Descriptions.Item>
            {t.description && <Descriptions.Item label="要求">{t.description}</Descriptions.Item>}
          </Descriptions>
          {t.canReport && <ReportForm id={t.id} version={t.version} />}
          <div>
            <Typography.Title level={5}>上报记录</Typography.Title>
            {t.reports.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无上报" />
            ) : (
              <Timeline
                data-testid="task-reports"
                items={t.reports.map((r) => ({
                  color: r.kind === 'done' ? 'green' : 'blue',
                  content: (
                    <div>
                      <Typography.Text strong>{r.kind === 'done' ? '已完成' : r.percent === null ? '进展' : `进展 ${r.percent}%`}</Typography.Text>
                      <Typography.Text type="secondary">{` · ${r.authorName} · ${dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}`}</Typography.Text>
                      <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{r.note}</Typography.Paragraph>
                      {(r.files.length > 0 || t.canAttach) && (
                        <Attachments ownerEntity="programme_task_report" ownerId={r.id} files={r.files} editable={t.canAttach} onChange={() => invalidateAfterProgrammeChange(qc)} />
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </div>
        </Space>
      )}
    </Drawer>
  );
}
