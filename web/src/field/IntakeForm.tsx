/**
 * The light page's intake form: the same fields, rules, draft and outbox as the app's intake page
 * (features/disputes/IntakePage.tsx), in native controls. Rendered at once; the region list, the categories
 * and the user's defaults fill in as the answers asked for at start (start.ts) come.
 *
 * - the draft (features/disputes/outbox.ts) is kept on every change and restored (已恢复上次未提交的草稿);
 * - checked here before sending (core/parties.ts for the parties); a 422 shows the server's message on top and
 *   each field's under the field;
 * - no connection (ApiError status 0, or ≥ 502) → the outbox, sent later with the same Idempotency-Key;
 * - the outbox is sent on opening and whenever the device comes back online.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Me } from '../../../core/schemas/auth.ts';
import type { Created, Duplicate } from '../../../core/schemas/disputes.ts';
import type { Region } from '../../../core/schemas/regions.ts';
import { CHANNELS, DISPUTE_CATEGORIES, DISPUTE_STATES, RISK_LEVELS, labelOf } from '../../../core/dictionaries.ts';
import { groupFlag } from '../../../core/group-dispute.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { partyFieldError, type PartyField } from '../../../core/parties.ts';
import { ApiError, errorText } from '../app/api.ts';
import { useOnline } from '../app/online.ts';
import { buildRegionTree, type RegionNode } from '../app/region-tree.ts';
import { uploadDisputeFiles } from '../features/disputes/attachments.ts';
import { duplicateProbes, EMPTY_INTAKE, fetchDuplicates, sendIntake, toBody, type IntakeValues, type PartyValues } from '../features/disputes/intake.ts';
import { addToOutbox, clearDraft, flushOutbox, loadDraft, newKey, saveDraft } from '../features/disputes/outbox.ts';
import type { Started } from './start.ts';
import { useAnswer } from './hooks.ts';
import { Field } from './Field.tsx';
import { Files } from './Files.tsx';
import { OutboxBanner } from './OutboxBanner.tsx';
import { Parties } from './Parties.tsx';

const REGION_LEVELS = ['town', 'village', 'community', 'grid'];
const OWN_LEVELS = ['village', 'community', 'grid'];
const SUMMARY_MAX = 5000;

/** The regions one registers at, in tree order, each with its depth among them. */
function regionOptions(list: Region[]): { code: string; name: string; depth: number }[] {
  const out: { code: string; name: string; depth: number }[] = [];
  const walk = (nodes: RegionNode[], depth: number) => {
    for (const n of nodes) {
      const ok = REGION_LEVELS.includes(n.level);
      if (ok) out.push({ code: n.code, name: n.name, depth });
      walk(n.children, ok ? depth + 1 : depth);
    }
  };
  walk(buildRegionTree(list), 0);
  return out;
}

const fresh = (gridWorker: boolean): IntakeValues => ({
  ...EMPTY_INTAKE,
  parties: EMPTY_INTAKE.parties!.map((p) => ({ ...p })),
  channel: gridWorker ? 'grid_screening' : EMPTY_INTAKE.channel,
  receivedOn: todayShanghai(),
});

/** A draft as either page kept it (the app's form may leave a party or the flags out): every party whole. */
function restore(d: IntakeValues): IntakeValues {
  const parties = (d.parties ?? []).filter(Boolean).map((p) => ({ ...p, role: p.role ?? 'respondent', kind: p.kind ?? 'person' }));
  return { ...d, flags: d.flags ?? [], parties: parties.length ? parties : fresh(false).parties };
}

/** What the form says is wrong before anything is sent, by field path; empty when it can go. */
export function checkIntake(v: IntakeValues, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.regionCode) e.regionCode = '请选择纠纷发生地';
  if (!v.receivedOn) e.receivedOn = '请选择登记日期';
  else if (v.receivedOn > today) e.receivedOn = '登记日期不能晚于今天';
  if (!v.channel) e.channel = '请选择受理渠道';
  if (!v.category) e.category = '请选择纠纷类别';
  if (!v.summary?.trim()) e.summary = '请填写纠纷简要情况';
  if (v.peopleCount === undefined || !Number.isInteger(v.peopleCount) || v.peopleCount < 1) e.peopleCount = '请填写涉及人数（至少 1 人）';
  if (v.amount !== null && v.amount !== undefined && !(Number(v.amount) >= 0)) e.amount = '金额不能为负数';
  (v.parties ?? []).forEach((p, i) => {
    const fields: PartyField[] = i === 0 || p.name?.trim() ? ['name', 'idNumber', 'phone', 'ethnicity'] : ['idNumber', 'phone', 'ethnicity'];
    for (const f of fields) {
      const message = partyFieldError({ ...p, kind: p.kind ?? 'person' }, f);
      if (message) e[`parties.${i}.${f}`] = message;
    }
  });
  if (!(v.parties ?? []).some((p) => p.role === 'applicant' && p.name?.trim())) e.parties = '至少需要一名申请人';
  return e;
}

type Notice = { kind: 'ok' | 'warn' | 'error'; text: string };

export function IntakeForm({ started, me, gridWorker }: { started: Started; me: Me | undefined; gridWorker: boolean }) {
  const regions = useAnswer(started.regions);
  const dictionaries = useAnswer(started.dictionaries);
  const online = useOnline();
  const today = todayShanghai();
  const [draft] = useState(() => {
    const d = loadDraft();
    return d?.values && Object.keys(d.values).length ? d : null;
  });
  const [key, setKey] = useState(() => draft?.key ?? newKey());
  const [values, setValues] = useState<IntakeValues>(() => (draft ? restore(draft.values as IntakeValues) : fresh(false)));
  const [restored, setRestored] = useState(!!draft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ created: Created; uploaded: number; failed: { name: string; reason: string }[] } | null>(null);
  const [linkTo, setLinkTo] = useState<string | null>(null);
  const [dups, setDups] = useState<Duplicate[]>([]);
  /** the fields the user changed: defaults that arrive later leave them alone */
  const touched = useRef(new Set<string>());
  const top = useRef<HTMLDivElement>(null);

  // the same news twice (one flush answers both an 'online' event and the page's start) shows once
  const notify = (text: string, kind: Notice['kind'] = 'ok') => setNotices((n) => [...n.filter((x) => x.text !== text).slice(-2), { kind, text }]);

  /** A change by the user: kept as the draft at once (a reload or a lost connection loses nothing). */
  const change = (patch: Partial<IntakeValues>, path = Object.keys(patch)[0]) => {
    const next = { ...values, ...patch };
    for (const k of Object.keys(patch)) touched.current.add(k);
    setValues(next);
    saveDraft({ key, values: next as Record<string, unknown> });
    if (errors[path] || (path.startsWith('parties') && errors.parties)) {
      const rest = { ...errors };
      delete rest[path];
      if (path.startsWith('parties')) delete rest.parties;
      setErrors(rest);
    }
  };

  // a grid worker registers what they found on their rounds: channel 网格排查 unless they say otherwise
  useEffect(() => {
    if (gridWorker && !restored && !touched.current.has('channel')) setValues((v) => ({ ...v, channel: 'grid_screening' }));
  }, [gridWorker, restored]);

  // a user bound to one village or grid registers there by default
  const options = useMemo(() => regionOptions(regions.data ?? []), [regions.data]);
  useEffect(() => {
    if (!me || !regions.data || values.regionCode) return;
    const mine = me.bindings.map((b) => b.regionCode).filter(Boolean) as string[];
    const own = regions.data.filter((r) => mine.includes(r.code) && OWN_LEVELS.includes(r.level));
    if (own.length === 1) setValues((v) => (v.regionCode ? v : { ...v, regionCode: own[0].code }));
  }, [me, regions.data, values.regionCode]);

  // the outbox goes out on opening and whenever the device comes back online
  useEffect(() => {
    const run = () =>
      flushOutbox()
        // sent: the notes about waiting for the connection are old news
        .then((r) => {
          if (!r.sent.length) return;
          const text = `离线登记已提交：${r.sent.map((s) => s.number).join('、')}`;
          setNotices((n) => [...n.filter((x) => x.kind !== 'warn' && x.text !== text), { kind: 'ok', text }]);
        })
        .catch(() => undefined);
    if (navigator.onLine) void run();
    window.addEventListener('online', run);
    return () => window.removeEventListener('online', run);
  }, []);

  // likely duplicates: same identity number or phone, same category, within 90 days (asked once typing pauses)
  const probes = useMemo(() => duplicateProbes(values.parties), [values.parties]);
  const probeKey = JSON.stringify([probes, values.category, values.receivedOn]);
  useEffect(() => {
    if (!online || !probes.length || !values.category) {
      setDups([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      fetchDuplicates({ probes, category: values.category, receivedOn: values.receivedOn })
        .then((d) => live && setDups(d))
        .catch(() => undefined);
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [probeKey, online]); // eslint-disable-line react-hooks/exhaustive-deps

  const categories = dictionaries.data?.categories ?? DISPUTE_CATEGORIES.map((c) => ({ ...c, active: true }));

  const reset = () => {
    clearDraft();
    setKey(newKey());
    setRestored(false);
    setLinkTo(null);
    setErrors({});
    setProblem(null);
    touched.current.clear();
    setValues(fresh(gridWorker));
  };

  const showFirstError = (e: Record<string, string>) => {
    const first = Object.keys(e)[0];
    const id = first === 'parties' ? 'party-0-name' : first.startsWith('parties.') ? `party-${first.split('.')[1]}-${first.split('.')[2]}` : `f-${first}`;
    const el = document.getElementById(id);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  };

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setProblem(null);
    const wrong = checkIntake(values, today);
    setErrors(wrong);
    if (Object.keys(wrong).length) {
      setProblem('请按提示修改标红的项目后再提交');
      showFirstError(wrong);
      return;
    }
    const body = toBody(values, linkTo);
    setBusy(true);
    try {
      const created = await sendIntake(key, body);
      clearDraft();
      setKey(newKey());
      // the photos and attachments go once the dispute exists; one refused does not undo the intake
      const failed = photos.length ? await uploadDisputeFiles(created.id, photos) : [];
      setDone({ created, uploaded: photos.length - failed.length, failed });
      setPhotos([]);
      window.scrollTo({ top: 0 });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 0 || err.status >= 502)) {
        // no connection: kept on the device, sent later with the same key
        addToOutbox({ key, body, savedAt: new Date().toISOString() });
        if (photos.length) notify(`照片和附件需要联网上传：离线保存的登记不含所选的 ${photos.length} 个文件，请联网提交后在纠纷详情中补传`, 'warn');
        setPhotos([]);
        reset();
        notify('当前无法连接服务器：登记内容已保存在本机，联网后会自动提交（不会重复登记）', 'warn');
        window.scrollTo({ top: 0 });
      } else {
        setProblem(errorText(err));
        if (err instanceof ApiError && err.errors?.length) {
          const byField: Record<string, string> = {};
          for (const e of err.errors) if (e.field) byField[e.field] = e.message;
          setErrors(byField);
        }
        top.current?.scrollIntoView({ block: 'start' });
      }
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setDone(null);
    setDups([]);
    reset();
    setNotices([]);
    window.scrollTo({ top: 0 });
  };

  const banners = (
    <>
      {notices.map((n, i) => (
        <div key={i} className={`note ${n.kind}`} role="status">
          {n.text}
        </div>
      ))}
    </>
  );

  if (done) {
    const { created, uploaded, failed } = done;
    return (
      <div ref={top}>
        {banners}
        <section className="card done" data-testid="field-done" role="status">
          <h2>
            已登记 <b>{created.number}</b>，查询码 <b className="code">{created.queryCode}</b>
          </h2>
          <p className="hint">请把查询码告诉当事人：扫码或在“办理进度查询”页输入查询码即可查看进度。</p>
          {uploaded + failed.length > 0 && <p>照片和附件 {uploaded} 个已上传{failed.length ? `；${failed.length} 个未能上传，可在纠纷详情中补传：${failed.map((f) => `${f.name}（${f.reason}）`).join('；')}` : ''}</p>}
          <div className="row wrap">
            <a className="btn" href={`/disputes/${created.id}`}>
              查看详情
            </a>
            <button type="button" className="btn primary" onClick={again}>
              继续登记
            </button>
          </div>
        </section>
      </div>
    );
  }

  const v = values;
  const inputProps = (name: keyof IntakeValues) => ({ id: `f-${name}`, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? `f-${name}-error` : undefined });
  const linked = dups.find((d) => d.id === linkTo);
  return (
    <div ref={top}>
      <OutboxBanner onSent={(text, warn) => notify(text, warn ? 'warn' : 'ok')} />
      {!online && <div className="note warn">当前离线：可以继续填写，提交后保存在本机，联网后自动提交</div>}
      {restored && (
        <div className="note info">
          <span>已恢复上次未提交的草稿</span>
          <button type="button" className="btn small" onClick={reset}>
            清空重填
          </button>
        </div>
      )}
      {banners}
      {problem && (
        <div className="note error" role="alert" data-testid="field-problem">
          {problem}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <section className="card">
          <h2>基本情况</h2>
          <Field id="f-regionCode" label="纠纷发生地（村、社区或网格）" required error={errors.regionCode}>
            <select {...inputProps('regionCode')} value={v.regionCode ?? ''} onChange={(e) => change({ regionCode: e.target.value || undefined })}>
              <option value="">{regions.data ? '选择村（社区）或网格' : regions.failed ? '地区列表未能加载' : '正在加载地区…'}</option>
              {options.map((o) => (
                <option key={o.code} value={o.code}>
                  {'\u3000'.repeat(o.depth)}
                  {o.name}
                </option>
              ))}
            </select>
          </Field>
          <div className="grid">
            <Field id="f-receivedOn" label="登记日期" required error={errors.receivedOn}>
              <input type="date" {...inputProps('receivedOn')} max={today} value={v.receivedOn ?? ''} onChange={(e) => change({ receivedOn: e.target.value || undefined })} />
            </Field>
            <Field id="f-channel" label="受理渠道" required error={errors.channel}>
              <select {...inputProps('channel')} value={v.channel ?? ''} onChange={(e) => change({ channel: e.target.value })}>
                {CHANNELS.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="f-category" label="纠纷类别" required error={errors.category}>
              <select {...inputProps('category')} value={v.category ?? ''} onChange={(e) => change({ category: e.target.value || undefined })}>
                <option value="">选择类别</option>
                {categories
                  .filter((c) => c.active || c.key === v.category)
                  .map((c) => (
                    <option key={c.key} value={c.key}>
                      {c.label}
                    </option>
                  ))}
              </select>
            </Field>
          </div>
          <Field id="f-summary" label="纠纷简要情况" required error={errors.summary} extra={<div className="count">{(v.summary ?? '').length} / {SUMMARY_MAX}</div>}>
            <textarea {...inputProps('summary')} rows={4} maxLength={SUMMARY_MAX} placeholder="时间、地点、起因、双方诉求" value={v.summary ?? ''} onChange={(e) => change({ summary: e.target.value })} />
          </Field>
          <div className="grid">
            <Field id="f-peopleCount" label="涉及人数" required error={errors.peopleCount}>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={100000}
                step={1}
                {...inputProps('peopleCount')}
                value={v.peopleCount ?? ''}
                onChange={(e) => change({ peopleCount: e.target.value === '' ? undefined : Number(e.target.value) })}
              />
            </Field>
            <Field id="f-amount" label="涉及金额（元）" error={errors.amount}>
              <input
                type="number"
                inputMode="decimal"
                min={0}
                max={999999999999}
                step={0.01}
                {...inputProps('amount')}
                value={v.amount ?? ''}
                onChange={(e) => change({ amount: e.target.value === '' ? null : Number(e.target.value) })}
              />
            </Field>
          </div>
          {groupFlag(Number(v.peopleCount ?? 0)) && <p className="tag magenta">涉及 5 人以上，自动标记为群体性纠纷</p>}
          <div className="field">
            <span className="label" id="risk-label">
              风险等级
            </span>
            <div className="segmented" role="radiogroup" aria-labelledby="risk-label">
              {RISK_LEVELS.map((r) => (
                <label key={r.key} className={v.riskLevel === r.key ? 'on' : ''}>
                  <input type="radio" name="riskLevel" value={r.key} checked={v.riskLevel === r.key} onChange={() => change({ riskLevel: r.key })} />
                  {r.label}
                </label>
              ))}
            </div>
          </div>
          <div className="field">
            <span className="label">风险标记</span>
            <div className="row wrap">
              {(
                [
                  ['mayTurnCriminal', '可能民转刑'],
                  ['threatensPetition', '扬言上访'],
                ] as const
              ).map(([k, label]) => (
                <label key={k} className="check">
                  <input
                    type="checkbox"
                    checked={(v.flags ?? []).includes(k)}
                    onChange={(e) => change({ flags: e.target.checked ? [...(v.flags ?? []), k] : (v.flags ?? []).filter((f) => f !== k) })}
                  />
                  {label}
                </label>
              ))}
            </div>
          </div>
        </section>

        <Parties parties={v.parties ?? []} errors={errors} onChange={(parties: PartyValues[], path) => change({ parties }, path)} />

        {dups.length > 0 && (
          <section className="note warn dups" data-testid="field-duplicates">
            <b>可能是已登记的同一纠纷（同一身份证号或电话、同一类别、90 天内）</b>
            <ul>
              {dups.map((d) => (
                <li key={d.id}>
                  <div className="row wrap">
                    <a href={`/disputes/${d.id}`} target="_blank" rel="noreferrer">
                      {d.number}
                    </a>
                    <span className="tag">{labelOf(DISPUTE_STATES, d.state)}</span>
                    <span className="muted">{d.receivedOn}</span>
                    {d.matchedBy.map((m) => (
                      <span key={m} className="tag">
                        {m === 'idNumber' ? '身份证号相同' : '电话相同'}
                      </span>
                    ))}
                  </div>
                  <div className="muted small">{d.summary}</div>
                  {linkTo === d.id ? (
                    <button type="button" className="btn small" onClick={() => setLinkTo(null)}>
                      取消关联
                    </button>
                  ) : (
                    <button type="button" className="btn small ghost" onClick={() => setLinkTo(d.id)}>
                      关联到此件
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
        {linkTo && <div className="note info">本次登记将关联到 {linked?.number ?? '所选纠纷'}（记为同一纠纷的再次反映）</div>}

        <Files files={photos} onChange={setPhotos} online={online} onRefused={(why) => why.forEach((w) => notify(w, 'error'))} />

        <button type="submit" className="btn primary block large" disabled={busy}>
          {busy ? '正在提交…' : online ? '提交登记' : '保存在本机（联网后提交）'}
        </button>
      </form>
    </div>
  );
}
