/** Small pieces shared by the dispute pages: state tags, dictionaries, labels. */
import { Tag, Tooltip } from 'antd';
import { useSearchParams } from 'react-router';
import { CHANNELS, DISPUTE_CATEGORIES, DISPUTE_STATES, FAILURE_REASONS, LEVELS, RISK_LEVELS, labelOf } from '../../../../core/dictionaries.ts';
import { gradeLabel, reasonsText } from '../../../../core/grading.ts';
import { useDictionariesQuery } from './api.ts';

export const STATE_COLORS: Record<string, string> = {
  registered: 'default',
  accepted: 'blue',
  mediating: 'processing',
  resolved: 'success',
  failed: 'error',
  withdrawn: 'warning',
  follow_up: 'cyan',
  closed: 'default',
};

export function StateTag({ state }: { state: string }) {
  return <Tag color={STATE_COLORS[state] ?? 'default'}>{labelOf(DISPUTE_STATES, state)}</Tag>;
}

export function FlagTags({ d }: { d: { mayTurnCriminal: boolean; threatensPetition: boolean; group: boolean; riskLevel: string } }) {
  return (
    <>
      {d.riskLevel !== 'general' && <Tag color={d.riskLevel === 'major' ? 'red' : 'orange'}>{labelOf(RISK_LEVELS, d.riskLevel)}风险</Tag>}
      {d.mayTurnCriminal && <Tag color="red">可能民转刑</Tag>}
      {d.threatensPetition && <Tag color="volcano">扬言上访</Tag>}
      {d.group && <Tag color="magenta">群体性</Tag>}
    </>
  );
}

/** The four colours as the ledger and the detail show them (绿 黄 橙 红), with the reasons on hover. */
export const GRADE_COLORS: Record<string, string> = { green: '#389e0d', yellow: '#d4b106', orange: '#fa8c16', red: '#cf1322' };

export function GradeTag({ grade, reasons }: { grade: string | null; reasons?: string[] }) {
  if (!grade) return <span>—</span>;
  const tag = (
    <Tag color={GRADE_COLORS[grade]} data-testid="grade-tag" style={{ marginInlineEnd: 0 }}>
      {gradeLabel(grade)}
    </Tag>
  );
  return reasons ? <Tooltip title={reasonsText(reasons)}>{tag}</Tooltip> : tag;
}

export function DueText({ dueOn, overdue }: { dueOn: string | null; overdue: boolean }) {
  if (!dueOn) return <span>—</span>;
  return overdue ? (
    <Tooltip title="已超过办理期限">
      <Tag color="red">{dueOn} 超期</Tag>
    </Tooltip>
  ) : (
    <span>{dueOn}</span>
  );
}

/** The configured dictionaries (categories may be edited per deployment); the defaults until loaded. */
export function useDictionaries() {
  const q = useDictionariesQuery(5 * 60_000);
  const categories = q.data?.categories ?? DISPUTE_CATEGORIES.map((c) => ({ ...c, active: true }));
  const failureReasons = q.data?.failureReasons ?? FAILURE_REASONS.map((c) => ({ ...c, active: true }));
  return {
    categories,
    failureReasons,
    categoryLabel: (k: string | null | undefined) => labelOf(categories, k),
    reasonLabel: (k: string | null | undefined) => labelOf(failureReasons, k),
    categoryOptions: categories.filter((c) => c.active).map((c) => ({ value: c.key, label: c.label })),
    reasonOptions: failureReasons.filter((c) => c.active).map((c) => ({ value: c.key, label: c.label })),
  };
}

export const channelLabel = (k: string | null | undefined) => labelOf(CHANNELS, k);
export const levelName = (k: string | null | undefined) => labelOf(LEVELS, k);
export const stateName = (k: string | null | undefined) => labelOf(DISPUTE_STATES, k);
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** A page's choices kept in the address (bookmarked, sent on): the parameters, and `set(key, value)` (empty removes it). */
export function useAddressState() {
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return [params, set] as const;
}
