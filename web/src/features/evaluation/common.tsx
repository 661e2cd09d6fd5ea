/**
 * Shared by the evaluation pages: the JSON types of SPEC §7, the period (year, as-of date, town) kept in
 * the address, number formatting (fractions shown as percentages), result tags.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Flex, InputNumber, Select, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { INDICATOR_LABELS, STANDARD_LABELS } from '../../../../core/evaluation/settings.ts';
import type { TownResultOut, VillageResultOut } from '../../../../core/schemas/evaluation.ts';
import { DayPicker } from '../../app/components/DayPicker.tsx';

export type { Indicator, Standard, Report } from '../../../../core/schemas/evaluation.ts';
export type VillageResult = VillageResultOut;
export type TownResult = TownResultOut;

export { INDICATOR_LABELS, STANDARD_LABELS };

/** Indicators that are fractions (0–1 in data, percentages in the UI). */
export const FRACTIONS = new Set([
  'prelitigation_success_rate',
  'prelitigation_diversion_rate',
  'platform_acceptance_ratio',
  'platform_success_rate',
  'litigation_free_village_share',
]);
export const RATES = new Set(['litigation_rate_per_10k']);

/** A value as the UI shows it: 80% for 0.8, 23.45 for a rate per 10k, 3 for a count; — for null. */
export function fmtValue(id: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (FRACTIONS.has(id)) return `${(Math.round(v * 10000) / 100).toString()}%`;
  if (RATES.has(id)) return (Math.round(v * 100) / 100).toString();
  return v.toLocaleString('zh-CN');
}

/** The comparison shown beside a limit: ≤ for the litigation rate, ≥ for the others. */
export function fmtLimit(id: string, limit: number | null | undefined): string {
  if (limit === undefined) return '';
  if (limit === null) return '限值：—';
  return `${RATES.has(id) ? '≤' : '≥'} ${fmtValue(id, limit)}`;
}

export function ResultTag({ passed, reason, passText = '达标', testId }: { passed: boolean | null | undefined; reason?: string | null; passText?: string; testId?: string }) {
  const tag =
    passed === true ? (
      <Tag color="success" data-testid={testId}>{passText}</Tag>
    ) : passed === false ? (
      <Tag color="error" data-testid={testId}>未达标</Tag>
    ) : (
      <Tag color="default" data-testid={testId}>未定</Tag>
    );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

/** The standards of a town and of a village, each with the indicators that decide it. */
export const TOWN_STANDARDS: { id: string; indicators: string[] }[] = [
  { id: 'T1', indicators: [] },
  { id: 'T2', indicators: [] },
  { id: 'T3', indicators: [] },
  { id: 'T4', indicators: [] },
  { id: 'T5', indicators: [] },
  { id: 'T6', indicators: [] },
  { id: 'T7', indicators: ['platform_acceptance_ratio', 'platform_success_rate'] },
  { id: 'T8', indicators: ['intentional_crimes_3y_plus', 'major_civil_to_criminal', 'unsentenced_intentional_crimes'] },
  { id: 'T9', indicators: ['collective_petitions', 'mass_incidents', 'beijing_petitions', 'abnormal_petitions'] },
  { id: 'T10', indicators: ['litigation_rate_per_10k'] },
  { id: 'T11', indicators: ['prelitigation_success_rate', 'prelitigation_diversion_rate'] },
  { id: 'T12', indicators: ['litigation_free_village_share'] },
];
export const VILLAGE_STANDARDS: { id: string; indicators: string[] }[] = [
  { id: 'V1', indicators: [] },
  { id: 'V2', indicators: [] },
  { id: 'V3', indicators: ['rule_of_law_leaders', 'legal_literates'] },
  { id: 'V4', indicators: ['intentional_crimes', 'major_civil_to_criminal'] },
  { id: 'V5', indicators: ['collective_petitions', 'mass_incidents', 'beijing_petitions', 'abnormal_petitions'] },
  { id: 'V6', indicators: ['litigation_rate_per_10k'] },
];

/** Year, as-of date and town, kept in the address so a page can be bookmarked and shared. */
export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  const year = Number(params.get('year')) || thisYear;
  const asOfParam = params.get('asOf') || null;
  // pages judge the running year as of today, not 31 December (SPEC §7); a past year as of its last day
  const asOf = asOfParam ?? (year === thisYear ? dayjs().format('YYYY-MM-DD') : null);
  const town = params.get('town') || null;
  const month = Number(params.get('month')) || (year === thisYear ? dayjs().month() + 1 : 12);
  return useMemo(
    () => ({
      year,
      asOf,
      asOfParam,
      town,
      month,
      set(patch: Partial<{ year: number; asOf: string | null; town: string | null; month: number }>) {
        const next = new URLSearchParams(params);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        // an as-of date must lie in the year
        if (patch.year !== undefined && next.get('asOf') && !next.get('asOf')!.startsWith(`${patch.year}-`)) next.delete('asOf');
        setParams(next, { replace: true });
      },
    }),
    [year, asOf, asOfParam, town, month, params, setParams],
  );
}

export function PeriodBar({ withAsOf = true, withMonth = false, extra }: { withAsOf?: boolean; withMonth?: boolean; extra?: React.ReactNode }) {
  const p = usePeriod();
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
      <span>
        年度{' '}
        <InputNumber
          data-testid="period-year"
          min={2000}
          max={2100}
          value={p.year}
          onChange={(v) => v && p.set({ year: Number(v) })}
          style={{ width: 96 }}
        />
      </span>
      {withMonth && (
        <span>
          月份{' '}
          <Select
            data-testid="period-month"
            value={p.month}
            onChange={(v) => p.set({ month: v })}
            options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }))}
            style={{ width: 90 }}
          />
        </span>
      )}
      {withAsOf && (
        <span>
          截至{' '}
          <DayPicker
            data-testid="period-asof"
            allowClear
            placeholder={p.asOf ? `${p.asOf}（今天）` : `${p.year}-12-31`}
            value={p.asOfParam ? dayjs(p.asOfParam) : null}
            disabledDate={(d) => d.year() !== p.year}
            onChange={(d) => p.set({ asOf: d ? d.format('YYYY-MM-DD') : null })}
          />
        </span>
      )}
      {extra}
    </Flex>
  );
}
