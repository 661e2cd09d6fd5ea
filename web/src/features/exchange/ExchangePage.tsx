/**
 * Data exchange (SPEC §9): upload a workbook or CSV files, see the check (rows to add, update, reject
 * with reasons) with a progress bar, then commit; download templates and the bundle.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Collapse, Descriptions, Flex, Progress, Result, Space, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { CloudUploadOutlined, InboxOutlined } from '@ant-design/icons';
import { fileForName, type ImportFileReport, type ImportProblem, type ImportReport } from '../../../../core/bundle-format.ts';
import { api, apiFetch, apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';

type Problem = ImportProblem;
type FileReport = ImportFileReport;
type Report = ImportReport;
interface Job {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'discarded';
  phase: 'validate' | 'commit';
  committed: boolean;
  fileNames: string[];
  progress: { done: number; total: number; percent: number };
  report: Report | null;
  error: string | null;
  /** interrupted (服务中断): can run again from the stored files */
  canRetry: boolean;
  /** waiting for its commit, or interrupted: can be dropped with its files */
  canDiscard: boolean;
  createdAt: string;
}
interface BundleFileInfo {
  name: string;
  label: string;
  key: string[];
  canImport: boolean;
  canExport: boolean;
  columns: { key: string; label: string; type: string; required: boolean }[];
}

/** a bundle file's Chinese name (人民法院一审案件…), never its key */
const fileLabel = (name: string | null | undefined) => (name ? (fileForName(name)?.label ?? name) : '');
const columnLabel = (file: string | null | undefined, column: string) => (file ? fileForName(file)?.columns.find((c) => c.key === column)?.label : undefined) ?? column;
const where = (p: Problem) => [p.source ?? fileLabel(p.file), p.row ? `第${p.row}行` : '', p.columnLabel ?? (p.column ? columnLabel(p.file, p.column) : '')].filter(Boolean).join(' ');
const show = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : Array.isArray(v) ? v.join(';') : String(v));

function ReportView({ report }: { report: Report }) {
  return (
    <Flex vertical gap={12}>
      <AppTable<FileReport>
        rowKey="file"
        pagination={false}
        size="small"
        dataSource={report.files}
        data-testid="import-report"
        columns={[
          { title: '数据文件', key: 'file', render: (_, f) => `${f.label}（${f.source}）` },
          { title: '新增', dataIndex: 'add', align: 'right', render: (n: number) => (n ? <Typography.Text type="success">{n}</Typography.Text> : 0) },
          { title: '更新', dataIndex: 'update', align: 'right', render: (n: number) => (n ? <Typography.Text style={{ color: '#1677ff' }}>{n}</Typography.Text> : 0) },
          { title: '未变', dataIndex: 'unchanged', align: 'right' },
          { title: '拒绝', dataIndex: 'reject', align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <span data-testid="total-add">{report.totals.add}</span>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <span data-testid="total-update">{report.totals.update}</span>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {report.totals.unchanged}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <span data-testid="total-reject">{report.totals.reject}</span>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {report.errorCount > 0 && (
        <Card size="small" title={<Typography.Text type="danger">{`${report.errorCount} 处错误（整批未写入，请修改文件后重新上传）`}</Typography.Text>} data-testid="import-errors">
          <AppTable<Problem & { i: number }>
            rowKey="i"
            size="small"
            dataSource={report.errors.map((e, i) => ({ ...e, i }))}
            pagination={{ defaultPageSize: 10 }}
            columns={[
              { title: '位置', key: 'where', render: (_, p) => where(p) },
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
          {report.errorCount > report.errors.length && <Typography.Text type="secondary">仅显示前 {report.errors.length} 处</Typography.Text>}
        </Card>
      )}
      {(report.warningCount > 0 || report.changeCount > 0) && (
        <Collapse
          size="small"
          items={[
            ...(report.changeCount > 0
              ? [
                  {
                    key: 'changes',
                    label: `将新增或更新的记录（${report.changeCount}）`,
                    children: (
                      <AppTable
                        rowKey={(c) => `${c.file}-${c.row}`}
                        size="small"
                        dataSource={report.changes}
                        pagination={{ defaultPageSize: 10 }}
                        columns={[
                          { title: '文件', dataIndex: 'file', render: fileLabel },
                          { title: '行', dataIndex: 'row' },
                          { title: '编号', dataIndex: 'key', render: (k: string) => k.split('\u001f').join(' ') },
                          { title: '操作', dataIndex: 'action', render: (a: string) => (a === 'add' ? <Tag color="success">新增</Tag> : <Tag color="processing">更新</Tag>) },
                          {
                            title: '变化',
                            key: 'fields',
                            render: (_: unknown, c: Report['changes'][number]) => (c.fields ?? []).map((f) => `${f.column}：${show(f.before)} → ${show(f.after)}`).join('；'),
                          },
                        ]}
                      />
                    ),
                  },
                ]
              : []),
            ...(report.warningCount > 0
              ? [
                  {
                    key: 'warnings',
                    label: `提示（${report.warningCount}）：未能归属、待确认村（社区）、忽略的列等`,
                    children: (
                      <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="import-warnings">
                        {report.warnings.map((w, i) => (
                          <li key={i}>
                            {where(w)}：{w.reason}
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Flex>
  );
}

function ImportCard() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      const fd = new FormData();
      for (const f of files) fd.append('file', f.originFileObj as File, f.name);
      const res = await apiFetch(apiUrl('/exchange/imports'), { method: 'POST', body: fd });
      return (await res.json()) as Job;
    },
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useQuery({
    queryKey: ['import-job', jobId],
    enabled: !!jobId,
    queryFn: () => api.get<Job>(`/exchange/imports/${jobId}`),
    refetchInterval: (q) => (q.state.data && ['done', 'failed', 'discarded'].includes(q.state.data.status) ? false : 500),
  });
  const commit = useMutation({
    mutationFn: () => api.post<Job>(`/exchange/imports/${jobId}/commit`),
    onSuccess: () => job.refetch(),
  });
  const retry = useMutation({
    mutationFn: (id: string) => api.post<Job>(`/exchange/imports/${id}/retry`),
    onSuccess: (r) => {
      setJobId(r.id);
      void queryClient.invalidateQueries({ queryKey: ['import-job', r.id] });
      void queryClient.invalidateQueries({ queryKey: ['import-jobs'] });
    },
  });
  const discard = useMutation({
    mutationFn: (id: string) => api.post<Job>(`/exchange/imports/${id}/discard`),
    onSuccess: () => {
      message.success('已放弃该导入，上传的文件已删除');
      reset();
      void queryClient.invalidateQueries({ queryKey: ['import-jobs'] });
    },
  });
  const j = job.data;
  const running = !!j && (j.status === 'queued' || j.status === 'running');
  const reset = () => {
    setJobId(null);
    setFiles([]);
    upload.reset();
    commit.reset();
    retry.reset();
    discard.reset();
  };
  if (j?.committed && j.status === 'done' && j.report) {
    return (
      <Card title="导入数据">
        <Result
          status="success"
          title="导入完成"
          subTitle={`新增 ${j.report.totals.add}，更新 ${j.report.totals.update}，未变 ${j.report.totals.unchanged}`}
          extra={<Button onClick={reset}>继续导入</Button>}
        />
        <ReportView report={j.report} />
      </Card>
    );
  }
  return (
    <Card title="导入数据" extra={jobId && !running && <Button onClick={reset}>重新选择文件</Button>}>
      {!jobId && (
        <Flex vertical gap={12}>
          <Upload.Dragger
            multiple
            accept=".xlsx,.csv"
            fileList={files}
            beforeUpload={(f) => {
              if (!/\.(xlsx|csv)$/i.test(f.name)) {
                message.error(`不支持的文件：${f.name}（请上传 .xlsx 或 .csv）`);
                return Upload.LIST_IGNORE;
              }
              return false;
            }}
            onChange={({ fileList }) => setFiles(fileList)}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖入文件</p>
            <p className="ant-upload-hint">一个 .xlsx 工作簿（工作表名为数据文件名），或若干 CSV 文件（如 法院一审案件.csv；UTF-8 或 GBK 均可）</p>
          </Upload.Dragger>
          <ProblemAlert error={upload.error} />
          <Button type="primary" icon={<CloudUploadOutlined />} disabled={files.length === 0} loading={upload.isPending} onClick={() => upload.mutate()}>
            上传并检查
          </Button>
          <ProblemAlert error={retry.error ?? discard.error} />
          <RecentJobs onOpen={setJobId} onRetry={(id) => retry.mutate(id)} onDiscard={(id) => discard.mutate(id)} busy={retry.isPending || discard.isPending} />
        </Flex>
      )}
      {jobId && (
        <Flex vertical gap={12}>
          <Descriptions size="small" column={1} items={[{ label: '文件', children: j?.fileNames.join('、') ?? '' }]} />
          {(running || !j) && (
            <div data-testid="import-progress">
              <Typography.Text>{j?.phase === 'commit' ? '正在导入…' : '正在检查…'}</Typography.Text>
              <Progress percent={j?.progress.percent ?? 0} status="active" />
            </div>
          )}
          {j?.status === 'failed' && <Alert type="error" showIcon title="导入未完成" description={j.error} />}
          {j && (j.canRetry || j.canDiscard) && (
            <Space>
              {j.canRetry && (
                <Button type="primary" loading={retry.isPending} onClick={() => retry.mutate(j.id)} data-testid="import-retry">
                  重试（使用已上传的文件）
                </Button>
              )}
              <Button danger loading={discard.isPending} onClick={() => discard.mutate(j.id)} data-testid="import-discard">
                放弃导入
              </Button>
            </Space>
          )}
          <ProblemAlert error={retry.error ?? discard.error} />
          {j?.status === 'done' && j.report && (
            <>
              {j.report.ok ? (
                <Alert
                  type="success"
                  showIcon
                  title={j.report.totals.add + j.report.totals.update > 0 ? '检查通过，尚未写入。确认后一次性导入。' : '检查通过：数据与系统中一致，没有需要导入的变化。'}
                />
              ) : (
                <Alert type="error" showIcon title="检查未通过：文件中有错误，整批不会导入。" />
              )}
              <ReportView report={j.report} />
              <ProblemAlert error={commit.error} />
              {j.report.ok && j.report.totals.add + j.report.totals.update > 0 && (
                <Button type="primary" loading={commit.isPending} onClick={() => commit.mutate()} data-testid="import-commit">
                  确认导入（新增 {j.report.totals.add}，更新 {j.report.totals.update}）
                </Button>
              )}
            </>
          )}
        </Flex>
      )}
    </Card>
  );
}

const STATUS: Record<Job['status'], { label: string; color: string }> = {
  queued: { label: '排队中', color: 'default' },
  running: { label: '进行中', color: 'processing' },
  done: { label: '已完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
  discarded: { label: '已放弃', color: 'default' },
};

/** The user's recent imports: an interrupted one is retried or discarded here, a checked one opened to commit. */
function RecentJobs({ onOpen, onRetry, onDiscard, busy }: { onOpen: (id: string) => void; onRetry: (id: string) => void; onDiscard: (id: string) => void; busy: boolean }) {
  const jobs = useQuery({ queryKey: ['import-jobs'], queryFn: () => api.get<Job[]>('/exchange/imports') });
  const open = (jobs.data ?? []).filter((j) => j.canRetry || j.canDiscard || j.status === 'queued' || j.status === 'running');
  if (open.length === 0) return null;
  return (
    <Table<Job>
      size="small"
      rowKey="id"
      pagination={false}
      title={() => '未完成的导入'}
      dataSource={open}
      data-testid="import-jobs"
      columns={[
        { title: '文件', dataIndex: 'fileNames', render: (v: string[]) => v.join('、') },
        { title: '上传时间', dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
        {
          title: '状态',
          render: (_, j) => (
            <Space>
              <Tag color={STATUS[j.status].color}>{j.status === 'done' && j.phase === 'validate' ? '待确认' : STATUS[j.status].label}</Tag>
              {j.error && <Typography.Text type="danger">{j.error}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: '操作',
          render: (_, j) => (
            <Space>
              {(j.status === 'running' || j.status === 'queued' || (j.status === 'done' && j.canDiscard)) && (
                <Button size="small" onClick={() => onOpen(j.id)}>
                  查看
                </Button>
              )}
              {j.canRetry && (
                <Button size="small" type="primary" disabled={busy} onClick={() => onRetry(j.id)}>
                  重试
                </Button>
              )}
              {j.canDiscard && (
                <Button size="small" danger disabled={busy} onClick={() => onDiscard(j.id)}>
                  放弃
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

export default function ExchangePage() {
  const { can, me } = useMe();
  const [reveal, setReveal] = useState(false);
  const files = useQuery({ queryKey: ['exchange-files'], queryFn: () => api.get<BundleFileInfo[]>('/exchange/files') });
  return (
    <>
      <PageHeader title="数据导入导出" subtitle="用统一的数据包（Excel 工作簿或 CSV 文件）把台账导入系统、把数据导出；导入要么全部成功，要么一条也不写入" />
      <Flex vertical gap={16}>
        {can('exchange.import') && <ImportCard />}
        <Card title="模板与导出">
          <Space wrap>
            <ExportButton url={apiUrl('/exchange/template')} label="下载导入模板" filename="无讼数据导入模板.xlsx" />
            {can('exchange.export') && (
              <>
                <ExportButton url={apiUrl('/exchange/export', { reveal: reveal || undefined })} label="导出数据包" type="primary" filename="无讼数据包.xlsx" />
                {me?.canRevealIdentity && (
                  <Checkbox checked={reveal} onChange={(e) => setReveal(e.target.checked)}>
                    身份证号完整导出（将记入审计）
                  </Checkbox>
                )}
              </>
            )}
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            模板每个工作表对应一个数据文件，第1行为中文列标题，第2行为示例（原样保留时导入会跳过），类型等字段提供下拉选项。导出的数据包可直接再导入。
          </Typography.Paragraph>
        </Card>
        <Card title="数据文件与列" size="small">
          <ProblemAlert error={files.error} />
          <Collapse
            size="small"
            items={(files.data ?? []).map((f) => ({
              key: f.name,
              label: (
                <Space wrap size={4}>
                  <span>{f.label}</span>
                  <Typography.Text type="secondary">CSV 文件名：{f.label}.csv</Typography.Text>
                  {f.key.length > 0 && <Typography.Text type="secondary">唯一键：{f.key.map((k) => f.columns.find((c) => c.key === k)?.label ?? k).join(' + ')}</Typography.Text>}
                  {!f.canImport && <Tag>无导入权限</Tag>}
                </Space>
              ),
              children: (
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={f.columns}
                  columns={[
                    { title: '中文列标题', dataIndex: 'label' },
                    { title: '必填', dataIndex: 'required', render: (r: boolean) => (r ? '是' : '') },
                  ]}
                />
              ),
            }))}
          />
        </Card>
      </Flex>
    </>
  );
}
