import { Table, type TableProps } from 'antd';

/**
 * antd Table with the defaults every list here uses: pagination with a total and a page-size changer,
 * and horizontal scrolling so that wide tables stay usable at phone width.
 * For server-side paging pass `pagination={{ current, pageSize, total, onChange }}` (merged with the defaults).
 */
export function AppTable<T extends object>({ pagination, scroll, size = 'middle', ...rest }: TableProps<T>) {
  return (
    <Table<T>
      size={size}
      scroll={{ x: 'max-content', ...scroll }}
      pagination={pagination === false ? false : { showSizeChanger: true, showTotal: (t) => `共 ${t} 条`, defaultPageSize: 20, pageSizeOptions: [10, 20, 50, 100], ...pagination }}
      {...rest}
    />
  );
}
