import { useState, type Key, type ReactNode } from 'react';
import { Checkbox, Empty, Grid, Pagination, Spin, Table, type TableColumnType, type TableProps } from 'antd';

type Column<T> = TableColumnType<T> & { children?: Column<T>[] };

/**
 * antd Table with the defaults every list here uses: pagination with a total and a page-size changer.
 * For server-side paging pass `pagination={{ current, pageSize, total, onChange }}` (merged with the defaults).
 *
 * At desktop width the table fits its container: cells wrap instead of pushing key columns off to the right
 * (a page may still pass `scroll`). At phone width every row is a card — its first column as the heading,
 * the others as 标签：值 lines, the actions column at the foot — unless `phoneCards={false}` (small tables
 * that fit, tables with a summary row).
 */
export function AppTable<T extends object>({ pagination, scroll, size = 'middle', phoneCards = true, ...rest }: TableProps<T> & { phoneCards?: boolean }) {
  const phone = Grid.useBreakpoint().md === false;
  const paging = pagination === false ? false : { showSizeChanger: true, showTotal: (t: number) => `共 ${t} 条`, defaultPageSize: 20, pageSizeOptions: [10, 20, 50, 100], ...pagination };
  if (phone && phoneCards && !rest.summary) return <CardList<T> {...rest} pagination={paging} />;
  return <Table<T> size={size} scroll={phone ? { x: 'max-content', ...scroll } : scroll} pagination={paging} {...rest} />;
}

const isActions = <T,>(c: Column<T>) => c.key === 'ops' || c.key === 'actions' || c.key === 'op' || c.title === '操作';

function leaves<T>(cols: readonly Column<T>[]): Column<T>[] {
  return cols.flatMap((c) => (c.children?.length ? leaves(c.children) : [c]));
}

function valueOf<T>(row: T, dataIndex: Column<T>['dataIndex']): unknown {
  if (dataIndex === undefined || dataIndex === null) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let v: unknown = row;
  for (const k of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[k as string | number];
  return v;
}

function cellOf<T>(c: Column<T>, row: T, i: number): ReactNode {
  const v = valueOf(row, c.dataIndex);
  if (c.render) {
    const r = c.render(v, row, i) as ReactNode | { children: ReactNode };
    return r && typeof r === 'object' && 'children' in r && !('$$typeof' in r) ? r.children : (r as ReactNode);
  }
  return v === null || v === undefined ? '' : (v as ReactNode);
}

const blank = (n: ReactNode) => n === '' || n === null || n === undefined || n === false;

/** The rows of a list as cards, for phone width. */
function CardList<T extends object>({ dataSource, columns, rowKey, loading, pagination, onRow, rowSelection, expandable, locale }: TableProps<T>) {
  const rows = (dataSource ?? []) as T[];
  const cols = leaves((columns ?? []) as Column<T>[]).filter((c) => !c.hidden);
  const actions = cols.filter(isActions);
  const fields = cols.filter((c) => !isActions(c));
  const [head, ...body] = fields;
  const keyOf = (r: T, i: number): Key => (typeof rowKey === 'function' ? rowKey(r, i) : rowKey ? (r[rowKey as keyof T] as Key) : i);
  // client-side paging when the page gives no total (the server pages otherwise)
  const serverPaged = pagination !== false && pagination?.total !== undefined;
  const [local, setLocal] = useState({ page: 1, size: pagination === false ? rows.length || 1 : (pagination?.defaultPageSize ?? 20) });
  const shown = pagination === false || serverPaged ? rows : rows.slice((local.page - 1) * local.size, local.page * local.size);
  const selected = new Set(rowSelection?.selectedRowKeys ?? []);
  const loadingNow = typeof loading === 'object' ? loading.spinning : loading;
  return (
    <div className="card-list" data-testid="card-list">
      {loadingNow && rows.length === 0 && <Spin style={{ display: 'block', padding: 16 }} />}
      {!loadingNow && rows.length === 0 && (typeof locale?.emptyText === 'function' ? locale.emptyText() : (locale?.emptyText ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />))}
      {shown.map((r, i) => {
        const k = keyOf(r, i);
        const props = (onRow?.(r, i) ?? {}) as React.HTMLAttributes<HTMLDivElement>;
        const extra = expandable?.expandedRowRender && (expandable.rowExpandable?.(r) ?? true) ? expandable.expandedRowRender(r, i, 0, true) : null;
        return (
          <div key={k} {...props} className={`list-card ${props.className ?? ''}`}>
            <div className="list-card-head">
              {rowSelection && (
                <Checkbox
                  checked={selected.has(k)}
                  onClick={(e) => e.stopPropagation()}
                  onChange={(e) => {
                    const next = e.target.checked ? [...selected, k] : [...selected].filter((x) => x !== k);
                    rowSelection.onChange?.(next, rows.filter((x, j) => next.includes(keyOf(x, j))), { type: 'multiple' });
                  }}
                  aria-label="选择"
                />
              )}
              <div className="list-card-title">{head ? cellOf(head, r, i) : null}</div>
            </div>
            {body.map((c, j) => {
              const v = cellOf(c, r, i);
              if (blank(v)) return null;
              return (
                <div key={String(c.key ?? c.dataIndex ?? j)} className="list-card-field">
                  <span className="list-card-label">{c.title as ReactNode}</span>
                  <span className="list-card-value">{v}</span>
                </div>
              );
            })}
            {extra && <div className="list-card-extra">{extra}</div>}
            {actions.map((c, j) => (
              <div key={`a${j}`} className="list-card-actions" onClick={(e) => e.stopPropagation()}>
                {cellOf(c, r, i)}
              </div>
            ))}
          </div>
        );
      })}
      {pagination !== false && rows.length > 0 && (serverPaged ? (pagination?.total ?? 0) > (pagination?.pageSize ?? 20) : rows.length > local.size) && (
        <Pagination
          simple
          size="small"
          style={{ marginTop: 12, textAlign: 'center' }}
          {...(serverPaged
            ? { current: pagination?.current, pageSize: pagination?.pageSize, total: pagination?.total, onChange: pagination?.onChange }
            : { current: local.page, pageSize: local.size, total: rows.length, onChange: (p: number) => setLocal((s) => ({ ...s, page: p })) })}
        />
      )}
    </div>
  );
}
