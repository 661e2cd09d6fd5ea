/**
 * A dispute's photos and attachments on the web (issue 18.4): which files the intake and the detail take (the
 * server checks again by the files' first bytes), and the upload of files chosen at intake once the dispute exists.
 */
import { DISPUTE_FILE_MAX_BYTES, DISPUTE_FILE_MAX_COUNT, DISPUTE_FILE_TYPES, DOCUMENT_TYPES_TEXT } from '../../../../core/prevention.ts';
import { apiFetch, apiUrl, errorText } from '../../app/api.ts';
import type { FileKinds } from '../prevention/common.tsx';

export const DISPUTE_FILE_KINDS: FileKinds = { types: DISPUTE_FILE_TYPES, maxBytes: DISPUTE_FILE_MAX_BYTES, text: DOCUMENT_TYPES_TEXT };
/** the `accept` of the file inputs (a .docx may come without its type on some phones) */
export const DISPUTE_FILE_ACCEPT = [...DISPUTE_FILE_TYPES, '.docx'].join(',');

const typeOf = (f: File) => f.type || (f.name.toLowerCase().endsWith('.docx') ? DISPUTE_FILE_TYPES.at(-1)! : '');

/** Why a file chosen cannot go with the dispute (null when it can); `already` files are chosen before it. */
export function refusalOf(f: File, already: number): string | null {
  if (already >= DISPUTE_FILE_MAX_COUNT) return `每件纠纷最多 ${DISPUTE_FILE_MAX_COUNT} 个照片和附件`;
  if (!(DISPUTE_FILE_TYPES as readonly string[]).includes(typeOf(f))) return `${f.name}：${DOCUMENT_TYPES_TEXT}`;
  if (f.size > DISPUTE_FILE_MAX_BYTES) return `${f.name}：文件不能超过 ${DISPUTE_FILE_MAX_BYTES / 1024 / 1024} MB`;
  return null;
}

/** Uploads the files to a dispute one by one; answers the ones refused, with the reason. */
export async function uploadDisputeFiles(disputeId: string, files: readonly File[]): Promise<{ name: string; reason: string }[]> {
  const failed: { name: string; reason: string }[] = [];
  for (const f of files) {
    const body = new FormData();
    body.append('file', f, f.name);
    try {
      await apiFetch(apiUrl('/files', { ownerEntity: 'dispute', ownerId: disputeId }), { method: 'POST', body });
    } catch (e) {
      failed.push({ name: f.name, reason: errorText(e) });
    }
  }
  return failed;
}
