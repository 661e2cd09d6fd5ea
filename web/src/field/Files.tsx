/**
 * 照片和附件 at intake on the light page: the camera (on a phone the picker opens it) and files from the device —
 * the same kinds and limits as the app's intake (features/disputes/attachments.ts) — kept in the page and
 * uploaded once the dispute is registered.
 */
import { useRef } from 'react';
import { DISPUTE_FILE_MAX_COUNT } from '../../../core/prevention.ts';
import { DISPUTE_FILE_ACCEPT } from '../features/disputes/attachments.ts';
import { useChosenFiles } from '../features/disputes/intake-hooks.ts';

export function Files({ files, onChange, online, onRefused }: { files: File[]; onChange: (f: File[]) => void; online: boolean; onRefused: (why: string[]) => void }) {
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const chosen = useChosenFiles(files, onChange);
  const urls = chosen.urls;
  const add = (list: FileList | null) => onRefused(chosen.add(list));
  const full = files.length >= DISPUTE_FILE_MAX_COUNT;
  const input = (ref: typeof camera, props: React.InputHTMLAttributes<HTMLInputElement> & { 'data-testid': string }) => (
    <input
      ref={ref}
      type="file"
      hidden
      onChange={(e) => {
        add(e.target.files);
        e.target.value = '';
      }}
      {...props}
    />
  );
  return (
    <section className="card" data-testid="intake-files">
      <h2>照片和附件</h2>
      {!online && <p className="note warn">照片和附件需要联网上传：离线保存的登记只含文字，联网后可在纠纷详情中补传</p>}
      <div className="row wrap">
        <button type="button" className="btn" onClick={() => camera.current?.click()} disabled={full}>
          拍照
        </button>
        <button type="button" className="btn" onClick={() => picker.current?.click()} disabled={full}>
          添加附件
        </button>
      </div>
      <p className="hint">图片、PDF、Word，每个不超过 10 MB，最多 {DISPUTE_FILE_MAX_COUNT} 个</p>
      {input(camera, { accept: 'image/*', capture: 'environment', 'data-testid': 'intake-camera' })}
      {input(picker, { accept: DISPUTE_FILE_ACCEPT, multiple: true, 'data-testid': 'intake-attach' })}
      {files.length > 0 && (
        <ul className="files">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`} className="intake-file">
              {urls[i] ? <img src={urls[i]!} alt={f.name} /> : <span className="doc">文件</span>}
              <span className="name" title={f.name}>
                {f.name}
              </span>
              <button type="button" className="link danger" onClick={() => onChange(files.filter((_, j) => j !== i))}>
                移除
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
