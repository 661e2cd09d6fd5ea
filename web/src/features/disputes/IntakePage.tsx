/**
 * Intake (一门受理, SPEC §4.1), phone first: one column, every channel and category, parties with the
 * GB 11643 check of identity numbers, likely duplicates offered for linking, and an offline draft kept
 * on the device — sent later with an Idempotency-Key, never twice.
 */
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Checkbox, Flex, Form, Input, InputNumber, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined, FileOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { DISPUTE_FILE_MAX_COUNT } from '../../../../core/prevention.ts';
import { DISPUTE_FILE_ACCEPT, uploadDisputeFiles } from './attachments.ts';
import { useChosenFiles } from './intake-hooks.ts';
import { Link, useNavigate } from 'react-router';
import { useOnline } from '../../app/online.ts';
import { CHANNELS, PARTY_KINDS, PARTY_ROLES, RISK_LEVELS } from '../../../../core/dictionaries.ts';
import { groupFlag } from '../../../../core/dispute-flow.ts';
import { onlyGridWorker } from '../../../../core/roles.ts';
import { DisputeCreate } from '../../../../core/schemas/disputes.ts';
import { ApiError } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { useRegions } from '../../app/data.ts';
import { dictOptions } from '../../app/labels.ts';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RegionSelect } from '../../app/components/RegionSelect.tsx';
import { dayField, disabledFuture, todayStr } from '../prevention/common.tsx';
import { StateTag, useDictionaries } from './common.tsx';
import { OutboxBanner } from './DisputesPage.tsx';
import { addToOutbox, clearDraft, flushOutbox, loadDraft, newKey, saveDraft } from './outbox.ts';
import { invalidateAfterDisputeChange, useDuplicates } from './api.ts';
import { duplicateProbes, EMPTY_INTAKE, sendIntake, toBody, type IntakeValues, type PartyValues } from './intake.ts';
import { FieldRow } from '../../app/components/FieldRow.tsx';
import { zodRule } from '../../app/zod-rule.ts';
import { partyRule } from '../../app/party-rule.ts';
import { ETHNIC_GROUPS } from '../../../../core/parties.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

const ETHNIC_OPTIONS = ETHNIC_GROUPS.map((g) => ({ value: g }));

type Values = IntakeValues;

/**
 * 照片和附件 at intake: the camera (on a phone the picker opens it) and files from the device — photos, PDF,
 * Word, at most 10 MB each and 9 in all — kept in the page and uploaded once the dispute is registered.
 */
function IntakeFiles({ files, onChange, online }: { files: File[]; onChange: (f: File[]) => void; online: boolean }) {
  const { message } = App.useApp();
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const chosen = useChosenFiles(files, onChange);
  const urls = chosen.urls;
  const add = (list: FileList | null) => chosen.add(list).forEach((why) => message.error(why));
  const input = (ref: typeof camera, props: React.InputHTMLAttributes<HTMLInputElement> & { 'data-testid': string }) => (
    <input
      ref={ref}
      type="file"
      style={{ display: 'none' }}
      onChange={(e) => {
        add(e.target.files);
        e.target.value = '';
      }}
      {...props}
    />
  );
  return (
    <Card size="small" title="照片和附件" style={{ marginBottom: 12 }} data-testid="intake-files">
      {!online && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="照片和附件需要联网上传：离线保存的登记只含文字，联网后可在纠纷详情中补传" />}
      <Space wrap>
        <Button icon={<CameraOutlined />} onClick={() => camera.current?.click()} disabled={files.length >= DISPUTE_FILE_MAX_COUNT}>
          拍照
        </Button>
        <Button icon={<PaperClipOutlined />} onClick={() => picker.current?.click()} disabled={files.length >= DISPUTE_FILE_MAX_COUNT}>
          添加附件
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          图片、PDF、Word，每个不超过 10 MB，最多 {DISPUTE_FILE_MAX_COUNT} 个
        </Typography.Text>
      </Space>
      {input(camera, { accept: 'image/*', capture: 'environment', 'data-testid': 'intake-camera' })}
      {input(picker, { accept: DISPUTE_FILE_ACCEPT, multiple: true, 'data-testid': 'intake-attach' })}
      {files.length > 0 && (
        <Flex wrap gap={8} style={{ marginTop: 8 }}>
          {files.map((f, i) => (
            <div key={`${f.name}-${i}`} className="intake-file" style={{ width: 96, textAlign: 'center' }}>
              {urls[i] ? (
                <img src={urls[i]!} alt={f.name} style={{ width: 96, height: 72, objectFit: 'cover', borderRadius: 6, border: '1px solid #eee' }} />
              ) : (
                <Flex align="center" justify="center" style={{ width: 96, height: 72, borderRadius: 6, border: '1px solid #eee', fontSize: 28 }}>
                  <FileOutlined />
                </Flex>
              )}
              <Typography.Text ellipsis={{ tooltip: f.name }} style={{ display: 'block', fontSize: 12 }}>
                {f.name}
              </Typography.Text>
              <Button type="link" size="small" danger onClick={() => onChange(files.filter((_, j) => j !== i))}>
                移除
              </Button>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}

/** Sends the offline outbox whenever the device comes back online (and once on opening). */
export function useOutboxSync(onSent?: (numbers: string[]) => void) {
  const qc = useQueryClient();
  const cb = useRef(onSent);
  cb.current = onSent;
  useEffect(() => {
    const run = () =>
      flushOutbox()
        .then((r) => {
          if (!r.sent.length) return;
          void invalidateAfterDisputeChange(qc);
          cb.current?.(r.sent.map((s) => s.number));
        })
        .catch(() => undefined);
    if (navigator.onLine) void run();
    window.addEventListener('online', run);
    return () => window.removeEventListener('online', run);
  }, [qc]);
}

/**
 * False for the first render, true right after the first paint (issue 18.2): the fields at the top show and take
 * typing first on a slow phone; the rest of the form renders next, in a transition that typing interrupts.
 */
function useAfterFirstPaint() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setReady(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return ready;
}

export default function IntakePage() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { me, roles } = useMe();
  // a grid worker registers what they found on their rounds: channel 网格排查 unless they say otherwise
  const fresh = (): Values => ({ ...EMPTY_INTAKE, channel: onlyGridWorker(roles) ? 'grid_screening' : EMPTY_INTAKE.channel, receivedOn: todayStr() });
  const dict = useDictionaries();
  const { data: regions } = useRegions();
  const [key, setKey] = useState(() => loadDraft()?.key ?? newKey());
  const [restored, setRestored] = useState(false);
  const [linkTo, setLinkTo] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const [photos, setPhotos] = useState<File[]>([]);
  const rest = useAfterFirstPaint();
  useOutboxSync((numbers) => message.success(`离线登记已提交：${numbers.join('、')}`));

  // the draft comes back after a reload or a lost connection
  useEffect(() => {
    const d = loadDraft();
    if (d?.values && Object.keys(d.values).length) {
      form.setFieldsValue(d.values as Values);
      setRestored(true);
    } else form.setFieldsValue(fresh());
  }, [form]); // eslint-disable-line react-hooks/exhaustive-deps

  // a user bound to one village or grid registers there by default
  useEffect(() => {
    if (form.getFieldValue('regionCode') || !me) return;
    const mine = me.bindings.map((b) => b.regionCode).filter(Boolean) as string[];
    const own = (regions ?? []).filter((r) => mine.includes(r.code) && ['village', 'community', 'grid'].includes(r.level));
    if (own.length === 1) form.setFieldValue('regionCode', own[0].code);
  }, [regions, me, form]);

  const parties = Form.useWatch('parties', form) as PartyValues[] | undefined;
  const category = Form.useWatch('category', form);
  const receivedOn = Form.useWatch('receivedOn', form);
  const peopleCount = Form.useWatch('peopleCount', form);
  const probes = useMemo(() => duplicateProbes(parties), [parties]);
  const dups = useDuplicates({ probes, category, receivedOn }, online && probes.length > 0 && !!category);

  const submit = async (v: Values) => {
    setError(null);
    const body = toBody(v, linkTo);
    setBusy(true);
    try {
      const created = await sendIntake(key, body);
      clearDraft();
      setKey(newKey());
      // the photos and attachments go once the dispute exists; one refused does not undo the intake
      const failed = photos.length ? await uploadDisputeFiles(created.id, photos) : [];
      setPhotos([]);
      await invalidateAfterDisputeChange(qc);
      message.success(`已登记 ${created.number}，查询码 ${created.queryCode}${photos.length ? `；照片和附件 ${photos.length - failed.length} 个已上传` : ''}`);
      if (failed.length) message.warning(`以下照片或附件未能上传，可在纠纷详情中补传：${failed.map((f) => `${f.name}（${f.reason}）`).join('；')}`, 8);
      navigate(`/disputes/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 0 || err.status >= 502)) {
        // no connection: keep it on the device, send it later with the same key
        addToOutbox({ key, body, savedAt: new Date().toISOString() });
        if (photos.length) message.warning(`照片和附件需要联网上传：离线保存的登记不含所选的 ${photos.length} 个文件，请联网提交后在纠纷详情中补传`, 8);
        setPhotos([]);
        clearDraft();
        setKey(newKey());
        form.resetFields();
        form.setFieldsValue(fresh());
        setLinkTo(null);
        message.warning('当前无法连接服务器：登记内容已保存在本机，联网后会自动提交（不会重复登记）', 6);
        window.scrollTo({ top: 0 });
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const discard = () => {
    clearDraft();
    setKey(newKey());
    setRestored(false);
    setLinkTo(null);
    form.resetFields();
    form.setFieldsValue(fresh());
  };

  return (
    <div style={{ maxWidth: 760 }}>
      <PageHeader title="登记纠纷" subtitle="一门受理：任何渠道来的纠纷都在这里登记一次" extra={<Link to="/disputes">返回台账</Link>} />
      <OutboxBanner />
      {!online && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="当前离线：可以继续填写，提交后保存在本机，联网后自动提交" />}
      {restored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="已恢复上次未提交的草稿"
          action={
            <Button size="small" onClick={discard}>
              清空重填
            </Button>
          }
        />
      )}
      <ProblemAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={submit}
        onValuesChange={(_, all) => saveDraft({ key, values: all as Record<string, unknown> })}
        scrollToFirstError
      >
        <Card size="small" title="基本情况" style={{ marginBottom: 12 }}>
          <Form.Item name="regionCode" label="纠纷发生地（村、社区或网格）" rules={[zodRule(DisputeCreate.shape.regionCode)]}>
            <RegionSelect levels={['town', 'village', 'community', 'grid']} placeholder="选择村（社区）或网格" />
          </Form.Item>
          <FieldRow>
            <Form.Item name="receivedOn" label="登记日期" rules={[{ required: true, message: '请选择登记日期' }]} {...dayField} style={{ flex: '1 1 150px' }}>
              <DayPicker disabledDate={disabledFuture} style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
            <Form.Item name="channel" label="受理渠道" rules={[zodRule(DisputeCreate.shape.channel)]} style={{ flex: '1 1 150px' }}>
              <Select options={dictOptions(CHANNELS)} />
            </Form.Item>
            <Form.Item name="category" label="纠纷类别" rules={[zodRule(DisputeCreate.shape.category)]} style={{ flex: '1 1 150px' }}>
              <Select options={dict.categoryOptions} showSearch={{ optionFilterProp: 'label' }} placeholder="选择类别" />
            </Form.Item>
          </FieldRow>
          <Form.Item name="summary" label="纠纷简要情况" rules={[zodRule(DisputeCreate.shape.summary)]}>
            <Input.TextArea rows={4} maxLength={5000} showCount placeholder="时间、地点、起因、双方诉求" />
          </Form.Item>
          {rest && (
          <>
          <FieldRow>
            <Form.Item name="peopleCount" label="涉及人数" rules={[{ required: true, message: '请填写涉及人数' }]} style={{ flex: '1 1 120px' }}>
              <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="amount" label="涉及金额（元）" style={{ flex: '1 1 150px' }}>
              <InputNumber min={0} max={999999999999} precision={2} style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
          </FieldRow>
          {groupFlag(Number(peopleCount ?? 0)) && <Tag color="magenta" style={{ marginBottom: 12 }}>涉及 5 人以上，自动标记为群体性纠纷</Tag>}
          <Form.Item name="riskLevel" label="风险等级">
            <Radio.Group optionType="button" options={dictOptions(RISK_LEVELS)} />
          </Form.Item>
          <Form.Item name="flags" label="风险标记" style={{ marginBottom: 0 }}>
            <Checkbox.Group
              options={[
                { value: 'mayTurnCriminal', label: '可能民转刑' },
                { value: 'threatensPetition', label: '扬言上访' },
              ]}
            />
          </Form.Item>
          </>
          )}
        </Card>

        {rest && (
        <>
        <Card size="small" title="当事人" style={{ marginBottom: 12 }}>
          <Form.List name="parties" rules={[{ validator: async (_, v: PartyValues[]) => ((v ?? []).some((p) => p?.role === 'applicant' && p?.name?.trim()) ? undefined : Promise.reject(new Error('至少需要一名申请人'))) }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => {
                  const kind = parties?.[f.name]?.kind ?? 'person';
                  return (
                    <div key={f.key} style={{ borderBottom: '1px dashed #eee', paddingBottom: 8, marginBottom: 8 }}>
                      <Flex gap={8} wrap align="center">
                        <Typography.Text type="secondary">#{i + 1}</Typography.Text>
                        <Form.Item name={[f.name, 'role']} noStyle>
                          <Radio.Group optionType="button" size="small" options={dictOptions(PARTY_ROLES)} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'kind']} noStyle>
                          <Select size="small" options={dictOptions(PARTY_KINDS)} style={{ width: 90 }} />
                        </Form.Item>
                        {fields.length > 1 && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除当事人" />}
                      </Flex>
                      <Flex gap={8} wrap style={{ marginTop: 8 }}>
                        <Form.Item
                          name={[f.name, 'name']}
                          label={kind === 'person' ? '姓名' : '单位名称'}
                          rules={i === 0 ? [{ required: true, ...partyRule('name', kind) }] : []}
                          style={{ flex: '1 1 140px', marginBottom: 8 }}
                        >
                          <Input maxLength={100} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'idNumber']}
                          label={kind === 'person' ? '身份证号' : '统一社会信用代码'}
                          style={{ flex: '1 1 200px', marginBottom: 8 }}
                          rules={[partyRule('idNumber', kind)]}
                        >
                          <Input maxLength={30} autoComplete="off" />
                        </Form.Item>
                        <Form.Item name={[f.name, 'phone']} label="联系电话" rules={[partyRule('phone', kind)]} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                          <Input maxLength={30} inputMode="tel" />
                        </Form.Item>
                      </Flex>
                      <Flex gap={8} wrap>
                        {kind === 'person' && (
                          <Form.Item name={[f.name, 'ethnicity']} label="民族" rules={[partyRule('ethnicity', kind)]} style={{ flex: '0 1 120px', marginBottom: 0 }}>
                            <AutoComplete options={ETHNIC_OPTIONS} filterOption={(input, o) => String(o?.value ?? '').startsWith(input.trim())} maxLength={20} />
                          </Form.Item>
                        )}
                        <Form.Item name={[f.name, 'address']} label="住址" style={{ flex: '1 1 240px', marginBottom: 0 }}>
                          <Input maxLength={300} />
                        </Form.Item>
                      </Flex>
                    </div>
                  );
                })}
                <Form.ErrorList errors={errors} />
                <Button icon={<PlusOutlined />} onClick={() => add({ role: 'respondent', kind: 'person' })} block>
                  添加当事人
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        {(dups.data?.length ?? 0) > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="可能是已登记的同一纠纷（同一身份证号或电话、同一类别、90 天内）"
            description={
              <List
                size="small"
                dataSource={dups.data}
                renderItem={(d) => (
                  <List.Item
                    actions={[
                      linkTo === d.id ? (
                        <Button key="unlink" size="small" onClick={() => setLinkTo(null)}>
                          取消关联
                        </Button>
                      ) : (
                        <Button key="link" size="small" type="primary" ghost onClick={() => setLinkTo(d.id)}>
                          关联到此件
                        </Button>
                      ),
                    ]}
                  >
                    <Space direction="vertical" size={0}>
                      <Space wrap size={4}>
                        <Link to={`/disputes/${d.id}`} target="_blank">
                          {d.number}
                        </Link>
                        <StateTag state={d.state} />
                        <Typography.Text type="secondary">{d.receivedOn}</Typography.Text>
                        {d.matchedBy.map((m) => (
                          <Tag key={m}>{m === 'idNumber' ? '身份证号相同' : '电话相同'}</Tag>
                        ))}
                      </Space>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {d.summary}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            }
          />
        )}
        {linkTo && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`本次登记将关联到 ${dups.data?.find((d) => d.id === linkTo)?.number ?? '所选纠纷'}（记为同一纠纷的再次反映）`} />}

        <IntakeFiles files={photos} onChange={setPhotos} online={online} />
        </>
        )}

        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {online ? '提交登记' : '保存在本机（联网后提交）'}
        </Button>
      </Form>
    </div>
  );
}
