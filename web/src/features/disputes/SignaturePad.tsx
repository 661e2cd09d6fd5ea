/**
 * Handwritten signatures on the agreement (电子签名, issue 17.3): a party signs on the mediator's phone or tablet
 * (pointer events on a canvas, finger or pen), or the mediator signs; the list shows who signed when and whether
 * the signature still holds (a change of the agreement's text afterwards voids it).
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, List, Modal, Select, Space, Tag, Typography } from 'antd';
import type { DisputeDetail, Signatures } from '../../../../core/schemas/disputes.ts';
import { api } from '../../app/api.ts';
import { fmtDateTime } from '../../app/labels.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { disputeKeys } from './api.ts';

function Pad({ onChange }: { onChange: (empty: boolean) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  useEffect(() => {
    const c = ref.current!;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#111';
  }, []);
  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) * e.currentTarget.width) / r.width, ((e.clientY - r.top) * e.currentTarget.height) / r.height] as const;
  };
  return (
    <canvas
      ref={ref}
      width={600}
      height={240}
      data-testid="signature-pad"
      style={{ width: '100%', maxWidth: 600, aspectRatio: '5 / 2', border: '1px dashed #999', touchAction: 'none', background: '#fff' }}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        drawing.current = true;
        const ctx = e.currentTarget.getContext('2d')!;
        ctx.beginPath();
        ctx.moveTo(...at(e));
      }}
      onPointerMove={(e) => {
        if (!drawing.current) return;
        const ctx = e.currentTarget.getContext('2d')!;
        ctx.lineTo(...at(e));
        ctx.stroke();
        onChange(false);
      }}
      onPointerUp={() => (drawing.current = false)}
    />
  );
}

export function AgreementSignatures({ d, editable }: { d: DisputeDetail; editable: boolean }) {
  const qc = useQueryClient();
  const key = [...disputeKeys.detail(d.id), 'signatures'];
  const q = useQuery({ queryKey: key, queryFn: () => api.get<Signatures>(`/disputes/${d.id}/agreement/signatures`) });
  const [open, setOpen] = useState(false);
  const [signer, setSigner] = useState<string>('mediator');
  const [empty, setEmpty] = useState(true);
  const [padKey, setPadKey] = useState(0);
  const sign = useMutation({
    mutationFn: (image: string) => api.post<Signatures>(`/disputes/${d.id}/agreement/signatures`, signer === 'mediator' ? { signerRole: 'mediator', image } : { signerRole: 'party', partyId: signer, image }),
    meta: { silent: true },
    onSuccess: (r) => {
      qc.setQueryData(key, r);
      setOpen(false);
    },
  });
  const submit = () => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="signature-pad"]');
    if (c) sign.mutate(c.toDataURL('image/png'));
  };
  return (
    <div style={{ marginTop: 12 }} data-testid="signatures">
      <Space wrap>
        <Typography.Text strong>电子签名</Typography.Text>
        {editable && d.agreement?.form === 'written' && (
          <Button size="small" onClick={() => (setOpen(true), setEmpty(true), setPadKey((k) => k + 1), sign.reset())}>
            手写签名
          </Button>
        )}
      </Space>
      <List
        size="small"
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: '尚无签名' }}
        renderItem={(s) => (
          <List.Item>
            <Space wrap size={4}>
              <span>{`${s.signerRole === 'mediator' ? '调解员' : '当事人'} ${s.signerName}`}</span>
              <Typography.Text type="secondary">{`${fmtDateTime(s.signedAt)} 签名`}</Typography.Text>
              {s.valid ? <Tag color="success">有效</Tag> : <Tag color="default">{`已失效：${s.invalidatedReason ?? ''}`}</Tag>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }} title={`协议 SHA-256：${s.documentSha256}；签名 SHA-256：${s.imageSha256}`}>
                {`协议摘要 ${s.documentSha256.slice(0, 8)}…`}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Modal open={open} title="在本设备上手写签名" okText="确认签名" cancelText="取消" okButtonProps={{ disabled: empty, loading: sign.isPending }} onOk={submit} onCancel={() => setOpen(false)} width={640}>
        <ProblemAlert error={sign.error} style={{ marginBottom: 8 }} />
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            value={signer}
            onChange={setSigner}
            style={{ width: '100%' }}
            aria-label="签名人"
            options={[{ value: 'mediator', label: '调解员（本人）' }, ...d.parties.map((p) => ({ value: p.id, label: `当事人 ${p.name}` }))]}
          />
          <Pad key={padKey} onChange={setEmpty} />
          <Button size="small" onClick={() => (setPadKey((k) => k + 1), setEmpty(true))}>
            重写
          </Button>
        </Space>
      </Modal>
    </div>
  );
}
