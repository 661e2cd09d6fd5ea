/**
 * 上传边界: a GeoJSON file of region outlines for the maps (issue 16.2). The server checks it whole; its
 * problems are listed one per line, and nothing is stored until the file is right.
 */
import { useRef } from 'react';
import { App, Button, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { ApiError } from '../../app/api.ts';
import { useUploadBoundaries } from './api.ts';

const HELP = 'GeoJSON 要素集合：每个要素为面（Polygon 或 MultiPolygon），WGS-84 经纬度，属性 code 为地区代码';

export function BoundaryUpload() {
  const input = useRef<HTMLInputElement>(null);
  const { message, modal } = App.useApp();
  const upload = useUploadBoundaries({
    onSuccess: (r) => message.success(r.saved ? `已保存 ${r.saved} 个地区的边界${r.unchanged ? `，${r.unchanged} 个未变` : ''}` : `边界与已有的相同（${r.unchanged} 个），未作修改`),
  });
  const refuse = (lines: string[]) =>
    modal.error({
      title: '边界文件未导入',
      width: 560,
      content: (
        <ul style={{ paddingInlineStart: 18, margin: 0, maxHeight: 360, overflow: 'auto' }} data-testid="boundary-problems">
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      ),
    });
  const onFile = async (file: File) => {
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      return refuse([`“${file.name}”不是有效的 GeoJSON（JSON 格式有误）`]);
    }
    upload.mutate(doc, {
      onError: (e) => {
        if (e instanceof ApiError && e.errors?.length) refuse(e.errors.map((x) => x.message));
        else refuse([e instanceof ApiError ? e.detail : '上传失败，请稍后重试']);
      },
    });
  };
  return (
    <>
      <Tooltip title={HELP}>
        <Button icon={<GlobalOutlined />} loading={upload.isPending} onClick={() => input.current?.click()} data-testid="boundary-upload">
          上传边界
        </Button>
      </Tooltip>
      <input
        ref={input}
        type="file"
        accept=".json,.geojson,application/geo+json,application/json"
        style={{ display: 'none' }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void onFile(f);
        }}
      />
    </>
  );
}
