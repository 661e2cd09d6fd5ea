/**
 * The header's search (issue 18.4): a dispute by its number, the query code a party reads out, a party's name
 * or an identity number (exact). `/` puts the cursor in it from anywhere; Enter opens the dispute when exactly
 * one is found, the ledger filtered by the text otherwise. On a phone it is an icon that opens the field.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Grid, Input, Modal, Typography, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useMe } from '../../app/auth.tsx';
import { labelOf } from '../../app/labels.ts';
import { DISPUTE_STATES } from '../../../../core/dictionaries.ts';
import { looksLikeIdNumber } from '../../../../core/id-number.ts';
import { findDisputes } from './api.ts';

const PLACEHOLDER = '搜纠纷：编号、查询码、当事人、身份证号';

// the suggestions list (antd's AutoComplete, i.e. its Select with a virtual list, ~23 kB compressed) is loaded when
// the field is first used: the header is on every page's first load, the suggestions are not (issue 18.1)
const AutoComplete = lazy(() => import('antd/es/auto-complete'));

function typingSomewhere(e: KeyboardEvent) {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

function useDebounced(v: string, ms: number) {
  const [d, setD] = useState(v);
  useEffect(() => {
    const h = setTimeout(() => setD(v), ms);
    return () => clearTimeout(h);
  }, [v, ms]);
  return d;
}

function SearchBox({ autoFocus, onDone }: { autoFocus?: boolean; onDone?: () => void }) {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<InputRef>(null);
  // true once the field has been focused: from then on it is wrapped in the AutoComplete (loaded at that moment)
  const [armed, setArmed] = useState(!!autoFocus);
  const q = useDebounced(text.trim(), 300);
  // an identity number is searched only on Enter (it then goes in a POST body, never in a query key or URL)
  const found = useQuery({ queryKey: ['disputes', 'header-search', q], queryFn: () => findDisputes(q), enabled: q.length >= 2 && !looksLikeIdNumber(q), meta: { silent: true } });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !typingSomewhere(e)) {
        e.preventDefault();
        ref.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const open = (path: string) => {
    setText('');
    onDone?.();
    navigate(path);
  };
  const submit = async (v: string) => {
    const s = v.trim();
    if (!s) return;
    setBusy(true);
    try {
      const r = await findDisputes(s, 2);
      open(r.total === 1 ? `/disputes/${r.items[0].id}` : `/disputes?q=${encodeURIComponent(s)}`);
    } finally {
      setBusy(false);
    }
  };
  const options = (found.data?.items ?? []).map((d) => ({
    value: d.id,
    label: (
      <div data-testid={`search-hit-${d.number}`}>
        <Typography.Text strong>{d.number}</Typography.Text> <Typography.Text type="secondary">{labelOf(DISPUTE_STATES, d.state)}</Typography.Text>
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {d.parties.map((p) => p.name).join('、')}：{d.summary}
        </div>
      </div>
    ),
  }));
  const field = (
    <Input.Search ref={ref} autoFocus={autoFocus || armed} aria-label="搜索纠纷" placeholder={PLACEHOLDER} loading={busy} onSearch={submit} allowClear onFocus={() => setArmed(true)} />
  );
  // until then (and while it loads) the same field stands alone, keeping what was typed
  const bare = <Input.Search {...field.props} value={text} onChange={(e) => setText(e.target.value)} />;
  if (!armed) return bare;
  return (
    <Suspense fallback={bare}>
      <AutoComplete
        value={text}
        options={options}
        onChange={(v) => setText(String(v ?? ''))}
        onSelect={(id) => open(`/disputes/${String(id)}`)}
        style={{ width: '100%' }}
        popupMatchSelectWidth={autoFocus ? true : 420}
      >
        {field}
      </AutoComplete>
    </Suspense>
  );
}

export function GlobalSearch() {
  const { can } = useMe();
  const phone = Grid.useBreakpoint().md === false;
  const [open, setOpen] = useState(false);
  if (!can('disputes.read')) return null;
  if (!phone)
    return (
      <div className="header-search" style={{ width: 380, marginRight: 8 }} title="按 / 键可直接输入">
        <SearchBox />
      </div>
    );
  return (
    <>
      <Button type="text" aria-label="搜索纠纷" icon={<SearchOutlined />} onClick={() => setOpen(true)} />
      <Modal title="搜索纠纷" open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden style={{ top: 16 }}>
        <SearchBox autoFocus onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}
