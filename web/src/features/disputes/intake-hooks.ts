/**
 * React state the app's intake pages and the light page /field share (no antd, no react-query, so /field stays
 * light): the device's outbox as it changes, and the photos and files chosen at intake with their previews.
 */
import { useEffect, useMemo, useState } from 'react';
import { refusalOf } from './attachments.ts';
import { flushOutbox, loadOutbox, type OutboxEntry } from './outbox.ts';

/** The intakes waiting on this device, followed as they change here or in another tab; `send` flushes them now. */
export function useOutbox() {
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
  const send = async () => {
    setBusy(true);
    try {
      return await flushOutbox();
    } finally {
      setBusy(false);
      setItems(loadOutbox());
    }
  };
  return { items, refused: items.filter((i) => i.error), busy, send };
}

/**
 * The files chosen at intake: a preview address for each image (released when the list changes), and `add`,
 * which keeps what the kinds and limits allow (attachments.ts) and returns the reasons for the others.
 */
export function useChosenFiles(files: File[], onChange: (f: File[]) => void) {
  const urls = useMemo(() => files.map((f) => (f.type.startsWith('image/') ? URL.createObjectURL(f) : null)), [files]);
  useEffect(() => () => urls.forEach((u) => u && URL.revokeObjectURL(u)), [urls]);
  const add = (list: FileList | null): string[] => {
    const next = [...files];
    const refused: string[] = [];
    for (const f of list ? [...list] : []) {
      const why = refusalOf(f, next.length);
      if (why) refused.push(why);
      else next.push(f);
    }
    onChange(next);
    return refused;
  };
  return { urls, add };
}
