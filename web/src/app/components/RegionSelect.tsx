import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { RegionLevel } from '../../../../core/regions.ts';
import { useRegions } from '../data.ts';
import { buildRegionTree, type RegionNode } from '../region-tree.ts';
import { levelLabel } from '../labels.ts';

export interface RegionSelectProps {
  value?: string | string[] | null;
  onChange?: (value: any) => void;
  /** only regions of these levels can be chosen; branches without any are left out */
  levels?: readonly RegionLevel[];
  /** leave this region and everything below it out (e.g. when moving a region) */
  exclude?: string;
  includeInactive?: boolean;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
  id?: string;
}

interface Opt {
  value: string;
  title: string;
  label: string;
  search: string;
  disabled?: boolean;
  children?: Opt[];
}

function toOptions(nodes: RegionNode[], levels: readonly string[] | undefined, exclude: string | undefined): Opt[] {
  const out: Opt[] = [];
  for (const n of nodes) {
    if (n.code === exclude) continue;
    const children = toOptions(n.children, levels, exclude);
    const selectable = !levels || levels.includes(n.level);
    if (!selectable && children.length === 0) continue;
    const suffix = n.active ? '' : '（已停用）';
    out.push({
      value: n.code,
      title: `${n.name}${suffix}`,
      label: n.name,
      search: `${n.name} ${n.code} ${n.aliases.join(' ')} ${levelLabel(n.level)}`.toLowerCase(),
      disabled: !selectable,
      children: children.length ? children : undefined,
    });
  }
  return out;
}

/**
 * Tree select over the regions the user may see (GET /api/regions), searchable by name, code or alias.
 *
 *   <Form.Item name="regionCode" label="所属地区"><RegionSelect levels={['village', 'community']} /></Form.Item>
 */
export function RegionSelect({ value, onChange, levels, exclude, includeInactive, multiple, placeholder = '选择地区', allowClear = true, disabled, style, id }: RegionSelectProps) {
  const { data, isLoading } = useRegions({ includeInactive });
  const treeData = useMemo(() => toOptions(buildRegionTree(data ?? []), levels, exclude), [data, levels, exclude]);
  const expanded = useMemo(() => treeData.flatMap((n) => [n.value, ...(n.children ?? []).slice(0, 1).map((c) => c.value)]), [treeData]);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={onChange}
      treeData={treeData}
      loading={isLoading}
      multiple={multiple}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      showSearch={{ filterTreeNode: (input, node) => ((node as unknown as Opt).search ?? '').includes(input.trim().toLowerCase()) }}
      treeNodeLabelProp="label"
      treeDefaultExpandedKeys={expanded}
      notFoundContent="没有可选的地区"
      style={{ width: '100%', minWidth: 160, ...style }}
    />
  );
}
