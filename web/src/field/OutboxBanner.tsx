/**
 * The intakes waiting on this device (features/disputes/outbox.ts, shared with the app's pages): how many, the
 * ones the server refused with its message, and 立即提交. Follows the outbox as it changes, here or in another tab.
 */
import { useEffect, useState } from 'react';
import { flushOutbox, loadOutbox, type OutboxEntry } from '../features/disputes/outbox.ts';

export function OutboxBanner({ onSent }: { onSent: (text: string, warn?: boolean) => void }) {
  const [items, setItems] = useState<OutboxEntry[]>(() => loadOutbox());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const refresh = () => setItems(loadOutbox());
    window.addEventListener('wusong-outbox', refresh);
    window.addEventListener('storage', refresh);
    return () => {
      window.removeEventListener('wusong-outbox', refresh);
      window.removeEventListener('storage', refresh);
    };
  }, []);
  if (!items.length) return null;
  const refused = items.filter((i) => i.error);
  const send = async () => {
    setBusy(true);
    try {
      const r = await flushOutbox();
      if (r.sent.length) onSent(`已提交 ${r.sent.length} 件：${r.sent.map((s) => s.number).join('、')}`);
      if (r.failed) onSent(`${r.failed} 件未能提交，请检查网络或内容`, true);
    } finally {
      setBusy(false);
      setItems(loadOutbox());
    }
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
