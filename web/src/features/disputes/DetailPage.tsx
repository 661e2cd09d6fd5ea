/**
 * One dispute: its facts, parties (identity numbers masked; revealing one is a permission and audited),
 * the timeline (who, when, why), stages with their deadlines, mediation sessions, the agreement with its
 * 调解协议书 download, performance and judicial confirmation, return visits — and, as buttons, only the
 * actions the state machine (core/dispute-flow.ts) and the user's role allow now.
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Rate, Select, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { CONFIRMATION_DECISIONS, LINKAGE_TYPES, PARTY_KINDS, PARTY_ROLES, PERFORMANCE_STATUSES, RISK_LEVELS, SESSION_METHODS, labelOf, DISPUTE_OUTCOMES, AGREEMENT_FORMS, MEDIATION_RESULTS } from '../../../../core/dictionaries.ts';
import { actionLabel, allowedActions, type Action, type DisputeState } from '../../../../core/dispute-flow.ts';
import { DISPUTE_NOTE_PERMISSIONS } from '../../../../core/roles.ts';
import { apiUrl } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { fmtDateTime } from '../../app/labels.ts';
import { AppTable } from '../../app/components/AppTable.tsx';
import { ExportButton } from '../../app/components/ExportButton.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { Attachments, dayField } from '../prevention/common.tsx';
import { DISPUTE_FILE_MAX_COUNT } from '../../../../core/prevention.ts';
import { DISPUTE_FILE_KINDS } from './attachments.ts';
import { ActionModal } from './ActionModal.tsx';
import { GradeCard } from './GradeCard.tsx';
import { SimilarCases } from './SimilarCases.tsx';
import { AgreementSignatures } from './SignaturePad.tsx';
import { channelLabel, DueText, FlagTags, levelName, StateTag, stateName, useDictionaries } from './common.tsx';
import { disputeKeys, useAddNote, useDispute, useDisputeAttachments, useRevealIdentity, useSaveAgreement } from './api.ts';
import type { Agreement, DisputeDetail, Stage, TimelineEvent } from './types.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

const PRIMARY: Action[] = ['accept', 'start_mediation', 'add_session', 'resolve', 'return_visit', 'close'];
const STAGE_OUTCOMES: Record<string, string> = { resolved: '调解成功', failed: '调解不成', withdrawn: '撤回', transferred: '已流转' };

function eventText(e: TimelineEvent, reasonLabel: (k: string) => string): string {
  const p = (e.payload ?? {}) as Record<string, string | number | null>;
  const bits: string[] = [];
  if (e.action === 'register') bits.push('登记纠纷');
  else if (e.action === 'note') bits.push('备注');
  else if (e.action === 'agreement_update') bits.push('更新调解协议履行/司法确认情况');
  else if (e.action === 'route_override') bits.push('未按四色分级建议流转');
  else bits.push(actionLabel(e.action));
  if ((e.action === 'accept' || e.action === 'transfer') && p.level) bits.push(`→ ${levelName(String(p.level))}${p.linkage ? `（${labelOf(LINKAGE_TYPES, String(p.linkage))}）` : ''}${p.dueOn ? `，期限 ${p.dueOn}` : ''}`);
  if (e.action === 'add_session' && p.method) bits.push(`（${labelOf(SESSION_METHODS, String(p.method))}${p.place ? ` · ${p.place}` : ''}${p.mediators ? ` · 调解员：${p.mediators}` : ''}）`);
  if (p.courtCaseNo) bits.push(`诉前调解案号 ${p.courtCaseNo}`);
  if (p.toldRightToSue) bits.push(`已告知当事人诉权${p.toldRightToSueOn ? `（${p.toldRightToSueOn}）` : ''}`);
  if (e.action === 'extend') bits.push(`期限 ${p.from ?? ''} → ${p.to ?? ''}`);
  if (e.action === 'fail' && p.reason) bits[0] += `：${reasonLabel(String(p.reason))}`;
  if (e.action === 'return_visit' && p.satisfaction) bits.push(`满意度 ${p.satisfaction}/5`);
  if (e.fromState && e.toState && e.fromState !== e.toState) bits.push(`[${stateName(e.fromState)} → ${stateName(e.toState)}]`);
  return bits.join(' ');
}

/** 照片和附件 (issue 18.4): thumbnails, download, add or remove (those who may register or handle disputes). */
function DisputeFiles({ id, editable }: { id: string; editable: boolean }) {
  const q = useDisputeAttachments(id);
  const files = q.data?.items ?? [];
  return (
    <Card size="small" title={`照片和附件（${files.length}）`} style={{ marginBottom: 12 }} data-testid="dispute-files">
      <ProblemAlert error={q.error} onRetry={() => q.refetch()} />
      <Attachments ownerEntity="dispute" ownerId={id} files={files} editable={editable && files.length < DISPUTE_FILE_MAX_COUNT} onChange={() => q.refetch()} kinds={DISPUTE_FILE_KINDS} />
    </Card>
  );
}

function AgreementCard({ d }: { d: DisputeDetail }) {
  const a = d.agreement as Agreement;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const editable = d.state !== 'closed' && d.allowedActions.length > 0;
  const save = useSaveAgreement(d.id, {
    meta: { silent: true },
    onSuccess: () => {
      setError(null);
      message.success('已保存');
    },
    onError: setError,
  });
  return (
    <Card
      size="small"
      title={`${labelOf(AGREEMENT_FORMS, a.form)}调解协议`}
      extra={
        <Space wrap size={4}>
          <ExportButton url={apiUrl(`/disputes/${d.id}/agreement.docx`)} label="下载调解协议书" filename="调解协议书.docx" size="small" />
          {d.canRevealIdentity && (
            <ExportButton url={apiUrl(`/disputes/${d.id}/agreement.docx`, { reveal: '1' })} label="含完整身份证号" filename="调解协议书.docx" size="small" type="link" title="打印完整身份证号将记入审计日志" />
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label="协议日期">{a.signedOn}</Descriptions.Item>
        <Descriptions.Item label="生效日期">{a.effectiveOn}</Descriptions.Item>
        <Descriptions.Item label="人民调解员">{a.mediators ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="记录人">{a.recorder ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="纠纷事实" span={2}>{a.facts}</Descriptions.Item>
        {a.issues && <Descriptions.Item label="争议事项及责任" span={2}>{a.issues}</Descriptions.Item>}
        <Descriptions.Item label="协议内容" span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{a.content ?? '（口头协议）'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="履行方式">{a.performanceWay ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="履行期限">{a.performanceDeadline ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="履行情况">
          <Tag color={a.performanceStatus === 'performed' ? 'success' : a.performanceStatus === 'breached' ? 'error' : 'default'}>{labelOf(PERFORMANCE_STATUSES, a.performanceStatus)}</Tag>
          {a.performanceCheckedOn && <Typography.Text type="secondary">核实于 {a.performanceCheckedOn}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="司法确认">
          {a.confirmationAppliedOn ? `${a.confirmationAppliedOn} 申请 · ${labelOf(CONFIRMATION_DECISIONS, a.confirmationDecision ?? 'pending')}${a.confirmationDecidedOn ? `（${a.confirmationDecidedOn}）` : ''}` : `未申请（期限 ${a.confirmationDeadline}）`}
          {a.confirmationWindowOpen && <Tag color="orange" style={{ marginLeft: 6 }}>申请期限内</Tag>}
        </Descriptions.Item>
      </Descriptions>
      <AgreementSignatures d={d} editable={editable} />
      {editable && (
        <>
          <ProblemAlert error={error} style={{ marginTop: 12 }} onReload={() => qc.invalidateQueries({ queryKey: disputeKeys.detail(d.id) })} />
          <Form
            form={form}
            layout="inline"
            style={{ marginTop: 12, rowGap: 8 }}
            initialValues={{ performanceStatus: a.performanceStatus, confirmationAppliedOn: a.confirmationAppliedOn, confirmationDecision: a.confirmationDecision, confirmationDecidedOn: a.confirmationDecidedOn }}
            onFinish={(v) => save.mutate({ version: a.version, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) })}
          >
            <Form.Item name="performanceStatus" label="履行情况">
              <Select options={PERFORMANCE_STATUSES.map((p) => ({ value: p.key, label: p.label }))} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="confirmationAppliedOn" label="司法确认申请日" {...dayField}>
              <DayPicker />
            </Form.Item>
            <Form.Item name="confirmationDecision" label="法院决定">
              <Select allowClear options={CONFIRMATION_DECISIONS.map((p) => ({ value: p.key, label: p.label }))} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="confirmationDecidedOn" label="裁定日期" {...dayField}>
              <DayPicker />
            </Form.Item>
            <Button htmlType="submit" loading={save.isPending}>
              保存
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

function RevealButton({ disputeId, partyId }: { disputeId: string; partyId: string }) {
  const { modal } = App.useApp();
  const reveal = useRevealIdentity(disputeId, {
    onSuccess: (r) => modal.info({ title: `${r.name} 的身份证号`, content: <Typography.Text copyable strong>{r.idNumber}</Typography.Text>, okText: '关闭' }),
  });
  return (
    <Button size="small" type="link" icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => modal.confirm({ title: '查看完整身份证号?', content: '查看操作将记入审计日志。', okText: '查看', onOk: () => reveal.mutateAsync(partyId) })}>
      查看
    </Button>
  );
}

export default function DetailPage() {
  const { id = '' } = useParams();
  const dict = useDictionaries();
  const { message } = App.useApp();
  const { can } = useMe();
  const q = useDispute(id);
  const [action, setAction] = useState<Action | null>(null);
  const [preset, setPreset] = useState<Record<string, unknown> | null>(null);
  const [note, setNote] = useState('');
  const addNote = useAddNote(id, {
    onSuccess: () => {
      setNote('');
      message.success('备注已添加');
    },
  });
  if (q.isLoading) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (!q.data) return <ProblemAlert error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  // the state machine decides what is possible; the server says what this user may do with it
  const actions = allowedActions(d.state as DisputeState, { permitted: d.allowedActions as Action[] });
  const current: Stage | undefined = d.stages.find((s) => !s.closedOn);
  const courtStage = [...d.stages].reverse().find((s) => s.courtCaseNo);

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span>{d.number}</span>
            <StateTag state={d.state} />
            <FlagTags d={d} />
          </Space>
        }
        subtitle={`${d.regionName ?? ''} · ${dict.categoryLabel(d.category)} · ${d.receivedOn} 登记`}
        extra={
          <Space wrap>
            <Link to={`/disputes/${d.id}/brief`}>办理摘要（打印）</Link>
            <ExportButton url={apiUrl(`/disputes/${d.id}/case-file.docx`)} label="下载调解卷宗" filename="调解卷宗.docx" title="封面、目录、申请书（受理登记表）、调解笔录、调解协议书、回访记录" />
            <Link to="/disputes">返回台账</Link>
          </Space>
        }
      />
      {d.overdue && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`本阶段已超过办理期限（${d.dueOn}），请尽快办理或申请延期`} />}
      {d.roundsFlags.map((f) => (
        <Alert key={f.tier} type="warning" showIcon style={{ marginBottom: 12 }} title={f.message} />
      ))}
      {d.agreement?.confirmationWindowOpen && d.state !== 'closed' && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`当事人可在 ${d.agreement.confirmationDeadline} 前共同向人民法院申请司法确认`} />
      )}

      <GradeCard
        d={d}
        actions={actions}
        onRoute={(a, p) => {
          setPreset(p);
          setAction(a);
        }}
      />

      {actions.length > 0 && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="dispute-actions">
          <Flex gap={8} wrap>
            {actions.map((a) => (
              <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={a === 'withdraw'} onClick={() => setAction(a)}>
                {actionLabel(a)}
              </Button>
            ))}
          </Flex>
        </Card>
      )}

      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="受理渠道">{channelLabel(d.channel)}</Descriptions.Item>
          <Descriptions.Item label="涉及人数">{d.peopleCount}</Descriptions.Item>
          <Descriptions.Item label="涉及金额">{d.amount ? `${d.amount} 元` : '—'}</Descriptions.Item>
          <Descriptions.Item label="风险等级">{labelOf(RISK_LEVELS, d.riskLevel)}</Descriptions.Item>
          <Descriptions.Item label="当前层级">{d.currentLevel ? levelName(d.currentLevel) : '未受理'}</Descriptions.Item>
          <Descriptions.Item label="承办">{[d.currentUnitName, d.currentHandlerName].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
          <Descriptions.Item label="办理期限">
            <DueText dueOn={d.dueOn} overdue={d.overdue} />
          </Descriptions.Item>
          <Descriptions.Item label="调解">{`${d.sessionsCount} 次${d.mediationDays !== null ? ` · ${d.mediationDays} 天` : ''}`}</Descriptions.Item>
          <Descriptions.Item label="结果">{d.outcome ? `${labelOf(DISPUTE_OUTCOMES, d.outcome)}${d.outcomeLevel && d.outcome !== 'litigation' ? `（${levelName(d.outcomeLevel)}）` : ''} · ${d.concludedOn}` : '—'}</Descriptions.Item>
          <Descriptions.Item label="告知诉权">{d.toldRightToSue ? `已告知（${d.toldRightToSueOn}）` : '—'}</Descriptions.Item>
          {courtStage && (
            <Descriptions.Item label="法院诉前调解">
              <span data-testid="court-case-summary">
                {courtStage.courtCaseNo}
                {courtStage.courtCase
                  ? `（法院${labelOf(MEDIATION_RESULTS, courtStage.courtCase.result)}${courtStage.courtCase.concludedOn ? ` · ${courtStage.courtCase.concludedOn}` : ''}）`
                  : '（法院数据尚未导入）'}
              </span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="查询码">
            <Typography.Text copyable={{ text: `${window.location.origin}/progress?code=${d.queryCode}` }} code>
              {d.queryCode}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="登记人">{`${d.createdByName ?? ''} · ${fmtDateTime(d.createdAt)}`}</Descriptions.Item>
          {d.linkedTo && (
            <Descriptions.Item label="关联纠纷">
              <Link to={`/disputes/${d.linkedTo}`}>{d.linkedNumber}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="简要情况" span={3}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{d.summary}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title="当事人" style={{ marginBottom: 12 }} styles={{ body: { padding: 0 } }}>
        <AppTable
          rowKey="id"
          pagination={false}
          dataSource={d.parties}
          columns={[
            { title: '身份', dataIndex: 'role', render: (v) => labelOf(PARTY_ROLES, v) },
            { title: '姓名/名称', dataIndex: 'name', render: (v, p) => `${v}${p.kind === 'organisation' ? `（${labelOf(PARTY_KINDS, p.kind)}）` : ''}` },
            { title: '身份证号', dataIndex: 'idNumber', render: (v, p) => (v ? <Space size={0}>{v}{d.canRevealIdentity && <RevealButton disputeId={d.id} partyId={p.id} />}</Space> : '—') },
            { title: '民族', dataIndex: 'ethnicity', render: (v) => v ?? '—' },
            { title: '电话', dataIndex: 'phone' },
            { title: '住址', dataIndex: 'address' },
          ]}
        />
      </Card>

      <DisputeFiles id={d.id} editable={DISPUTE_NOTE_PERMISSIONS.some((p) => can(p))} />

      <Card size="small">
        <Tabs
          items={[
            {
              key: 'timeline',
              label: '办理过程',
              children: (
                <>
                  <Timeline
                    items={d.events.map((e) => ({
                      color: e.action === 'fail' || e.action === 'withdraw' ? 'red' : e.action === 'resolve' || e.action === 'close' ? 'green' : e.action === 'note' ? 'gray' : 'blue',
                      content: (
                        <div>
                          <Typography.Text strong>{eventText(e, dict.reasonLabel)}</Typography.Text>
                          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                            {e.occurredOn} · {e.actorName} · 记录于 {fmtDateTime(e.at)}
                          </div>
                          {e.reason && e.action !== 'fail' && <div>理由：{e.reason}</div>}
                          {e.notes && <div style={{ whiteSpace: 'pre-wrap' }}>{e.notes}</div>}
                        </div>
                      ),
                    }))}
                  />
                  {can(DISPUTE_NOTE_PERMISSIONS) && (
                    <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
                      <Input placeholder="添加备注（已结案也可添加）" value={note} onChange={(e) => setNote(e.target.value)} maxLength={5000} onPressEnter={() => note.trim() && addNote.mutate(note)} />
                      <Button onClick={() => addNote.mutate(note)} disabled={!note.trim()} loading={addNote.isPending}>
                        添加备注
                      </Button>
                    </Space.Compact>
                  )}
                </>
              ),
            },
            {
              key: 'stages',
              label: `办理阶段（${d.stages.length}）`,
              children: d.stages.length ? (
                <AppTable<Stage>
                  rowKey="id"
                  pagination={false}
                  dataSource={d.stages}
                  columns={[
                    { title: '#', dataIndex: 'seq' },
                    { title: '层级', dataIndex: 'level', render: (v, s) => `${levelName(v)}${s.linkage ? `（${labelOf(LINKAGE_TYPES, s.linkage)}）` : ''}` },
                    { title: '单位', dataIndex: 'unitName' },
                    { title: '承办人', dataIndex: 'handlerName' },
                    { title: '受理', dataIndex: 'acceptedOn' },
                    { title: '期限', dataIndex: 'dueOn', render: (v, s) => (s.extendedDueOn ? `${s.extendedDueOn}（延期：${s.extensionReason ?? ''}；原 ${v}）` : v) },
                    { title: '调解次数', dataIndex: 'sessionsCount' },
                    { title: '结束', dataIndex: 'closedOn', render: (v, s) => (v ? `${v} ${STAGE_OUTCOMES[s.outcome ?? ''] ?? ''}${s.failureReason ? `（${dict.reasonLabel(s.failureReason)}）` : ''}` : s === current ? '办理中' : '') },
                    { title: '超期', dataIndex: 'overdue', render: (v) => (v ? <Tag color="red">超期</Tag> : '') },
                    ...(d.stages.some((s) => s.courtCaseNo)
                      ? [
                          {
                            title: '法院诉前调解',
                            dataIndex: 'courtCaseNo',
                            render: (v: string | null, s: Stage) =>
                              v ? (
                                <span data-testid="court-case">
                                  {v}
                                  {s.courtCase ? `（法院${labelOf(MEDIATION_RESULTS, s.courtCase.result)}${s.courtCase.concludedOn ? ` · ${s.courtCase.concludedOn}` : ''}）` : '（法院数据尚未导入）'}
                                </span>
                              ) : (
                                ''
                              ),
                          },
                        ]
                      : []),
                  ]}
                />
              ) : (
                <Empty description="尚未受理" />
              ),
            },
            {
              key: 'sessions',
              label: `调解记录（${d.sessions.length}）`,
              children: d.sessions.length ? (
                <AppTable
                  rowKey="id"
                  pagination={false}
                  dataSource={d.sessions}
                  columns={[
                    { title: '日期', dataIndex: 'heldOn' },
                    { title: '层级', dataIndex: 'level', render: (v) => levelName(v) },
                    { title: '方式', dataIndex: 'method', render: (v) => labelOf(SESSION_METHODS, v) },
                    { title: '地点', dataIndex: 'place' },
                    { title: '调解员', dataIndex: 'mediators' },
                    { title: '参加人员', dataIndex: 'attendees' },
                    { title: '记录人', dataIndex: 'recorder' },
                    { title: '情况', dataIndex: 'notes' },
                  ]}
                />
              ) : (
                <Empty description="暂无调解记录" />
              ),
            },
            {
              key: 'agreement',
              label: '调解协议',
              children: d.agreement ? <AgreementCard d={d} /> : <Empty description="暂无调解协议" />,
            },
            {
              key: 'similar',
              label: '类案推送',
              children: <SimilarCases id={d.id} />,
            },
            {
              key: 'visits',
              label: `回访（${d.visits.length}）`,
              children: d.visits.length ? (
                <AppTable
                  rowKey="id"
                  pagination={false}
                  dataSource={d.visits}
                  columns={[
                    { title: '日期', dataIndex: 'visitedOn' },
                    { title: '回访人员', dataIndex: 'cadres' },
                    { title: '回访对象', dataIndex: 'personsMet' },
                    { title: '满意度', dataIndex: 'satisfaction', render: (v) => (v ? <Rate disabled value={v} style={{ fontSize: 14 }} /> : '—') },
                    { title: '核实履行', dataIndex: 'performanceChecked', render: (v) => (v ? '是' : '否') },
                    { title: '新问题', dataIndex: 'newIssues' },
                  ]}
                />
              ) : (
                <Empty description="暂无回访" />
              ),
            },
          ]}
        />
      </Card>
      <ActionModal
        dispute={d}
        action={action}
        preset={preset}
        onClose={() => {
          setAction(null);
          setPreset(null);
        }}
      />
    </>
  );
}
