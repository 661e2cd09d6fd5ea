/**
 * Small pieces shared by the prevention pages (screening, visits, key persons, personnel, education,
 * checklist): calendar-day form fields, ratios as percentages, attachments (photos / PDF) on a record.
 */
import { useState } from 'react';
import { App, Image, Modal, Spin, Tag, Tooltip, Typography, Upload, type UploadFile } from 'antd';
import { FilePdfOutlined, FileWordOutlined, PlusOutlined, VideoCameraOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { apiUrl, errorOf } from '../../app/api.ts';
import { UPLOAD_TYPES, VIDEO_TYPES, isVideoType, uploadMaxBytes, uploadTypesText } from '../../../../core/prevention.ts';
import type { FileInfo, Ratio } from '../../../../core/schemas/prevention.ts';

export type { FileInfo, Ratio };

/** Form.Item props for a DatePicker bound to a 'YYYY-MM-DD' string value. */
export const dayField = {
  getValueProps: (v: string | null | undefined) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null),
};

export const todayStr = () => dayjs().format('YYYY-MM-DD');
export const disabledFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

/** 0.5 → '50%'; null → '—' (with the reason as a tooltip when given). */
export function Pct({ ratio, digits = 0 }: { ratio: Ratio | null | undefined; digits?: number }) {
  if (!ratio || ratio.value === null) return <Tooltip title={ratio?.reason ?? ''}>—</Tooltip>;
  return (
    <Tooltip title={`${ratio.numerator} / ${ratio.denominator}`}>
      <span>{(ratio.value * 100).toFixed(digits)}%</span>
    </Tooltip>
  );
}
export const pctText = (r: Ratio | null | undefined) => (!r || r.value === null ? '—' : `${Math.round(r.value * 100)}%`);

export const yearOptions = () => {
  const y = dayjs().year();
  return [y + 1, y, y - 1, y - 2, y - 3].map((v) => ({ value: v, label: `${v} 年` }));
};

/** `YYYY-MM` → `M月`. */
export const monthLabel = (m: string) => `${Number(m.slice(5, 7))}月`;

/** Other file kinds than photos and PDFs of at most 5 MB (a dispute's attachments: Word too, 10 MB). */
export interface FileKinds {
  types: readonly string[];
  maxBytes: number;
  text: string;
}

/**
 * Photos and PDFs of one record: thumbnails with preview, upload when `editable` (JPEG/PNG/WebP/PDF, at most
 * 5 MB — checked here and again by the server), removal. With `videos`, also MP4/WebM of at most 50 MB
 * (on a phone the picker offers the camera), played in a dialog.
 */
export function Attachments({ ownerEntity, ownerId, files, editable, onChange, videos, kinds }: { ownerEntity: string; ownerId: string; files: FileInfo[]; editable?: boolean; onChange?: () => void; videos?: boolean; kinds?: FileKinds }) {
  const { message, modal } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const [playing, setPlaying] = useState<UploadFile | null>(null);
  const types: readonly string[] = kinds?.types ?? (videos ? [...UPLOAD_TYPES, ...VIDEO_TYPES] : UPLOAD_TYPES);
  const maxOf = (type: string) => (kinds ? kinds.maxBytes : uploadMaxBytes(type));
  const list: UploadFile[] = files.map((f) => ({ uid: f.id, name: f.filename, status: 'done', url: f.url, type: f.mimeType, thumbUrl: f.mimeType.startsWith('image/') ? f.url : undefined }));
  return (
    <Image.PreviewGroup>
      <Upload
        listType="picture-card"
        fileList={list}
        accept={types.join(',')}
        action={apiUrl('/files', { ownerEntity, ownerId })}
        withCredentials
        name="file"
        disabled={!editable}
        showUploadList={{ showRemoveIcon: !!editable, showPreviewIcon: true }}
        iconRender={(f) => (f.type && isVideoType(f.type) ? <VideoCameraOutlined /> : f.name.toLowerCase().endsWith('.pdf') ? <FilePdfOutlined /> : f.name.toLowerCase().endsWith('.docx') ? <FileWordOutlined /> : undefined)}
        onPreview={(f) => (f.type && isVideoType(f.type) ? setPlaying(f) : window.open(f.url, '_blank', 'noopener'))}
        beforeUpload={(f) => {
          if (!types.includes(f.type)) {
            message.error(kinds?.text ?? uploadTypesText(!!videos));
            return Upload.LIST_IGNORE;
          }
          if (f.size > maxOf(f.type)) {
            message.error(`文件不能超过 ${maxOf(f.type) / 1024 / 1024} MB`);
            return Upload.LIST_IGNORE;
          }
          setUploading((n) => n + 1);
          return true;
        }}
        onChange={async ({ file }) => {
          if (file.status === 'done' || file.status === 'error') setUploading((n) => Math.max(0, n - 1));
          if (file.status === 'done') onChange?.();
          if (file.status === 'error') {
            const res = file.xhr as XMLHttpRequest | undefined;
            let detail = '上传失败';
            try {
              detail = JSON.parse(res?.responseText ?? '{}').detail ?? detail;
            } catch {
              /* keep the generic message */
            }
            message.error(detail);
          }
        }}
        onRemove={(f) =>
          new Promise<boolean>((resolve) => {
            modal.confirm({
              title: `删除“${f.name}”？`,
              okText: '删除',
              okButtonProps: { danger: true },
              cancelText: '取消',
              onOk: async () => {
                const res = await fetch(apiUrl(`/files/${f.uid}`), { method: 'DELETE', credentials: 'same-origin' });
                if (!res.ok) {
                  message.error((await errorOf(res)).detail);
                  resolve(false);
                  return;
                }
                onChange?.();
                resolve(true);
              },
              onCancel: () => resolve(false),
            });
          })
        }
      >
        {editable && (
          <div>
            <PlusOutlined />
            <div style={{ marginTop: 4, fontSize: 12 }}>{uploading ? '上传中…' : '上传'}</div>
          </div>
        )}
      </Upload>
      {!editable && files.length === 0 && <Typography.Text type="secondary">无附件</Typography.Text>}
      {editable && kinds && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          图片、PDF、Word 文件，每个不超过 {kinds.maxBytes / 1024 / 1024} MB
        </Typography.Text>
      )}
      {editable && videos && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          图片、PDF 不超过 5 MB；视频（MP4、WebM）不超过 50 MB
        </Typography.Text>
      )}
      <Modal title={playing?.name} open={!!playing} onCancel={() => setPlaying(null)} footer={null} destroyOnHidden width={720}>
        {playing && <video src={playing.url} controls autoPlay style={{ width: '100%', maxHeight: '70vh' }} data-testid="video-player" />}
      </Modal>
    </Image.PreviewGroup>
  );
}

/** A coloured tag from a key → [label, colour] map. */
export function StatusTag({ value, map }: { value: string; map: Record<string, [string, string?]> }) {
  const [label, color] = map[value] ?? [value];
  return <Tag color={color}>{label}</Tag>;
}

export function Muted({ children }: { children: React.ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}


/**
 * A plain vertical list (antd's List is deprecated in antd 6.6): one bordered row per item, a spinner while
 * loading and a text when empty.
 */
export function PlainList<T>({ items, render, loading, empty = '暂无数据', rowKey }: { items: readonly T[]; render: (item: T) => React.ReactNode; loading?: boolean; empty?: React.ReactNode; rowKey: (item: T) => string }) {
  if (loading && items.length === 0) return <Spin style={{ display: 'block', padding: 16 }} />;
  if (items.length === 0) return <div style={{ padding: '16px 4px', color: 'rgba(0,0,0,0.45)', textAlign: 'center' }}>{empty}</div>;
  return (
    <div className="plain-list">
      {items.map((it) => (
        <div key={rowKey(it)} style={{ padding: '10px 4px', borderBottom: '1px solid #f0f0f0' }}>
          {render(it)}
        </div>
      ))}
    </div>
  );
}

/**
 * Filters and server-side paging of a list: `set('region')(value)` changes one filter and goes back to the
 * first page; `pagination(total)` is the table's pagination prop.
 */
export function usePagedFilters(initial: Record<string, string | undefined> = {}) {
  const [filters, setFilters] = useState<Record<string, string | undefined>>(initial);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const set = (k: string) => (v: string | undefined) => {
    setFilters((f) => ({ ...f, [k]: v || undefined }));
    setPage((p) => ({ ...p, page: 1 }));
  };
  const pagination = (total = 0) => ({ current: page.page, pageSize: page.pageSize, total, onChange: (p: number, s: number) => setPage({ page: p, pageSize: s }) });
  return { filters, set, page, pagination };
}
