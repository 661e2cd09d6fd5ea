/**
 * 我的任务 (issue 13.7): the tasks of the programme ledger assigned to the user's unit or village, as cards that read
 * on a phone — overdue ones marked — each opening the task to report progress or completion with attachments.
 */
import { useState } from 'react';
import { Card, Empty, Flex, List, Progress, Segmented, Skeleton, Typography } from 'antd';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import type { MyTask } from '../../../../core/schemas/evaluation.ts';
import { useMyTasks } from './api.ts';
import { TaskDrawer, TaskStatusTag } from './TaskDrawer.tsx';

type Filter = 'open' | 'overdue' | 'done' | 'all';

export default function MyTasksPage() {
  const [filter, setFilter] = useState<Filter>('open');
  const [open, setOpen] = useState<string | null>(null);
  const q = useMyTasks(filter === 'all' ? {} : filter === 'overdue' ? { overdue: true } : { status: filter });
  const tasks = q.data ?? [];
  return (
    <>
      <PageHeader title="我的任务" subtitle="镇里创建台账交给本单位或本村（社区）的任务：按期上报进展，完成后上报完成情况" />
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        options={[
          { value: 'open', label: '未完成' },
          { value: 'overdue', label: '已逾期' },
          { value: 'done', label: '已完成' },
          { value: 'all', label: '全部' },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      {q.isLoading && <Skeleton active />}
      {q.data && tasks.length === 0 && <Empty description={filter === 'open' ? '没有待完成的任务' : '没有任务'} />}
      {tasks.length > 0 && (
        <List<MyTask>
          data-testid="my-tasks"
          dataSource={tasks}
          renderItem={(t) => (
            <Card size="small" hoverable style={{ marginBottom: 8, borderColor: t.overdue ? '#ffa39e' : undefined }} onClick={() => setOpen(t.id)} data-testid="my-task">
              <Flex justify="space-between" align="start" gap={8}>
                <Typography.Text strong style={{ fontSize: 15 }}>
                  {t.title}
                </Typography.Text>
                <TaskStatusTag task={t} />
              </Flex>
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0', fontSize: 13 }}>
                {`${t.programmeYear}年 · ${t.phaseName} · ${t.assignee ?? ''}`}
                <br />
                {t.deadline ? `完成期限 ${t.deadline}` : '未定期限'}
              </Typography.Paragraph>
              {t.progress !== null && <Progress percent={t.progress} size="small" />}
            </Card>
          )}
        />
      )}
      <TaskDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
