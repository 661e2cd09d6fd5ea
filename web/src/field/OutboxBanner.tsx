/**
 * The intakes waiting on this device (features/disputes/outbox.ts, shared with the app's pages): how many, the
 * ones the server refused with its message, and 立即提交. Follows the outbox as it changes, here or in another tab.
 */
import { useOutbox } from '../features/disputes/intake-hooks.ts';

export function OutboxBanner({ onSent }: { onSent: (text: string, warn?: boolean) => void }) {
  const { items, refused, busy, send: flush } = useOutbox();
  if (!items.length) return null;
  const send = async () => {
    const r = await flush();
    if (r.sent.length) onSent(`已提交 ${r.sent.length} 件：${r.sent.map((s) => s.number).join('、')}`);
    if (r.failed) onSent(`${r.failed} 件未能提交，请检查网络或内容`, true);
  };
  return (
    <div className="note warn" role="status" data-testid="field-outbox">
      <div className="note-body">
        <b>本机有 {items.length} 件离线登记尚未提交</b>
        <div>{refused.length ? `其中 ${refused.length} 件被退回：${refused.map((i) => i.error).join('；')}` : '联网后会自动提交，也可以立即提交。'}</div>
      </div>
      <button type="button" className="btn primary small" disabled={busy} onClick={send}>
        {busy ? '提交中…' : '立即提交'}
      </button>
    </div>
  );
}
