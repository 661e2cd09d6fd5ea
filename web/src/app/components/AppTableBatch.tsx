/**
 * Batch work on an AppTable (issue 18.4): the bar above a list while rows are selected (how many, the batch
 * actions, 导出所选, 清除), and the dialog listing each row's outcome (成功, or the reason in Chinese) after a batch.
 * The list passes `rowSelection={{ selectedRowKeys, onChange }}` to AppTable: checkboxes at desktop, on the cards
 * at phone width. The bar stays in view under the header while the list scrolls (app.css `.selection-bar`), so
 * the cards chosen far down a phone's list can still be exported.
 */
import { useState, type Key, type ReactNode } from 'react';
import { Alert, Button, Flex, List, Modal, Space, Tag, Typography } from 'antd';
import { EXPORT_SELECTED_MAX, type BatchResult } from '../../../../core/schemas/batch.ts';
import { apiUrl } from '../api.ts';
import { ExportButton } from './ExportButton.tsx';

/**
 * The rows chosen on a paged list, kept across pages (by id, each with the row as it was shown — its version):
 * `rowSelection` goes to AppTable, `toggle` serves hand-made cards, `keep` leaves only some ids chosen.
 */
export function useRowSelection<T extends { id: string }>(pageRows: readonly T[]) {
  const [chosen, setChosen] = useState<Map<string, T>>(new Map());
  const ids = [...chosen.keys()];
  return {
    ids,
    rows: [...chosen.values()],
    count: chosen.size,
    has: (id: string) => chosen.has(id),
    clear: () => setChosen(new Map()),
    keep: (keepIds: readonly string[]) => setChosen((prev) => new Map([...prev].filter(([id]) => keepIds.includes(id)))),
    toggle: (row: T, on: boolean) =>
      setChosen((prev) => {
        const next = new Map(prev);
        if (on) next.set(row.id, row);
        else next.delete(row.id);
        return next;
      }),
    rowSelection: {
      selectedRowKeys: ids,
      preserveSelectedRowKeys: true,
      onChange: (keys: Key[]) =>
        setChosen((prev) => {
          const next = new Map([...prev].filter(([id]) => !pageRows.some((r) => r.id === id)));
          for (const r of pageRows) if (keys.includes(r.id)) next.set(r.id, r);
          return next;
        }),
    },
  };
}

export function SelectionBar({ count, onClear, children }: { count: number; onClear: () => void; children?: ReactNode }) {
  if (!count) return null;
  return (
    <Flex className="selection-bar" data-testid="selection-bar" wrap align="center" gap={8} style={{ marginBottom: 12, padding: '8px 12px', background: '#f1f7ff', borderRadius: 8, boxShadow: '0 1px 4px rgba(0,21,41,0.08)' }}>
      <Typography.Text strong>已选 {count} 条</Typography.Text>
      <Space wrap size={8}>{children}</Space>
      <Button type="link" size="small" onClick={onClear}>
        清除选择
      </Button>
    </Flex>
  );
}

/**
 * 导出所选 in the SelectionBar: the list's own .xlsx export (`path`) with `ids=` of the rows chosen — in the body
 * when `post` (a list searched by POST), else in the URL. The server keeps its scope, masking and audit.
 */
export function ExportSelected({ path, ids, post }: { path: string; ids: readonly string[]; post?: boolean }) {
  const query = { ids: ids.join(','), format: 'xlsx' };
  const tooMany = ids.length > EXPORT_SELECTED_MAX;
  return (
    <ExportButton
      size="small"
      label={`导出所选（${ids.length}）`}
      url={post ? apiUrl(path) : apiUrl(path, query)}
      body={post ? query : undefined}
      disabled={tooMany}
      title={tooMany ? `一次最多导出所选 ${EXPORT_SELECTED_MAX} 条，请减少所选或按筛选条件导出` : undefined}
      data-testid="export-selected"
    />
  );
}

/** Each row's outcome after a batch; `title` names the batch (批量受理…). */
export function BatchResultModal({ title, result, onClose }: { title: string; result: BatchResult | null; onClose: () => void }) {
  return (
    <Modal title={title} open={!!result} onCancel={onClose} onOk={onClose} okText="知道了" cancelButtonProps={{ style: { display: 'none' } }} destroyOnHidden>
      {result && (
        <div data-testid="batch-result">
          <Alert
            showIcon
            type={result.failed ? (result.succeeded ? 'warning' : 'error') : 'success'}
            style={{ marginBottom: 12 }}
            title={`成功 ${result.succeeded} 条${result.failed ? `，失败 ${result.failed} 条（未作任何修改）` : ''}`}
          />
          <List
            size="small"
            dataSource={result.results}
            style={{ maxHeight: '50vh', overflow: 'auto' }}
            renderItem={(r, i) => (
              <List.Item className="batch-row">
                <Flex gap={8} align="baseline" wrap style={{ width: '100%' }}>
                  <Tag color={r.ok ? 'green' : 'red'}>{r.ok ? '成功' : '失败'}</Tag>
                  <Typography.Text strong>{r.label ?? `第 ${i + 1} 条`}</Typography.Text>
                  {!r.ok && <Typography.Text type="danger">{r.message}</Typography.Text>}
                </Flex>
              </List.Item>
            )}
          />
        </div>
      )}
    </Modal>
  );
}
