/**
 * Chinese labels for every enum shown in the web, from the same tables the server uses
 * (core/dictionaries.ts, core/regions.ts, core/roles.ts), and small display formatters.
 *
 *   <Select options={dictOptions(CHANNELS)} />      labelOf(CHANNELS, row.channel)
 */
import dayjs from 'dayjs';
import { labelOf, type Dict } from '../../../core/dictionaries.ts';
import { REGION_LEVEL_LABELS, REGION_LEVELS, UNIT_TYPE_LABELS, UNIT_TYPES, type RegionLevel, type UnitType } from '../../../core/regions.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../../core/roles.ts';

export { labelOf };

/** Select options of a dictionary. */
export const dictOptions = (dict: Dict) => dict.map((e) => ({ value: e.key, label: e.label }));
const recordOptions = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((k) => ({ value: k, label: labels[k] }));

export const levelLabel = (l: string | null | undefined) => (l ? (REGION_LEVEL_LABELS[l as RegionLevel] ?? l) : '');
export const unitTypeLabel = (t: string | null | undefined) => (t ? (UNIT_TYPE_LABELS[t as UnitType] ?? t) : '');
export const roleLabel = (r: string | null | undefined) => (r ? (ROLE_LABELS[r as Role] ?? r) : '');

export const levelOptions = recordOptions(REGION_LEVELS, REGION_LEVEL_LABELS);
export const unitTypeOptions = recordOptions(UNIT_TYPES, UNIT_TYPE_LABELS);
export const roleOptions = recordOptions(ROLES, ROLE_LABELS);

/** 2024-03-01 14:05 (local time of the browser, which in China is Asia/Shanghai). */
export const fmtDateTime = (v: string | Date | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '');
export const fmtDate = (v: string | Date | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '');
export const fmtNumber = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'));
