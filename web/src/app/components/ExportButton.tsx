import { useState } from 'react';
import { App, Button, type ButtonProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { apiFetch, errorText } from '../api.ts';

/** The file name from a Content-Disposition header (RFC 5987 `filename*=UTF-8''…` or plain `filename=`). */
function fileNameOf(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads a URL as a file (the server names it). Every list offers one, pointing at the list's own
 * URL with its current filters plus `format=xlsx`:
 *
 *   <ExportButton url={apiUrl('/units', { ...filters, format: 'xlsx' })} />
 */
export function ExportButton({ url, body, label = '导出 Excel', filename = '导出.xlsx', ...rest }: { url: string; body?: object; label?: string; filename?: string } & Omit<ButtonProps, 'onClick' | 'loading'>) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      // a filter that must not appear in a URL (an identity number) goes as a POST body
      const res = await apiFetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = fileNameOf(res.headers.get('content-disposition'), filename);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={download} {...rest}>
      {label}
    </Button>
  );
}
