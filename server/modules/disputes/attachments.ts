/**
 * Photos and attachments of a dispute (issue 18.4: taken at intake, on the phone's camera too): `files` owned by
 * `dispute` — JPEG/PNG/WebP photos, PDF and Word files, recognised by their first bytes, at most 10 MB each and 9 per
 * dispute. Whoever may see the dispute (its unit scope, not region alone) may see and download them; whoever may
 * register or handle disputes and sees it may attach. Stored, served and audited by the files feature.
 */
import { can } from '../auth/actor.ts';
import { DISPUTE_NOTE_PERMISSIONS } from '../../../core/roles.ts';
import { DISPUTE_FILE_MAX_BYTES, DISPUTE_FILE_MAX_COUNT } from '../../../core/prevention.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { forbidden } from '../../errors.ts';
import { filesOf, registerFileOwner } from '../files/service.ts';
import { loadVisible } from './helpers.ts';

export const DISPUTE_FILE_OWNER = 'dispute';

registerFileOwner(DISPUTE_FILE_OWNER, {
  label: '纠纷',
  documents: true,
  maxBytes: DISPUTE_FILE_MAX_BYTES,
  maxFiles: DISPUTE_FILE_MAX_COUNT,
  scopedByOwner: true,
  async forWrite(tx, actor, id) {
    const d = await loadVisible(tx, actor, id);
    if (!DISPUTE_NOTE_PERMISSIONS.some((p) => can(actor, p))) throw forbidden('只读用户不能上传附件');
    return { regionCode: d.regionCode, townCode: d.townCode };
  },
  async canRead(tx, actor, id) {
    if (!can(actor, 'disputes.read')) return false;
    return loadVisible(tx, actor, id).then(
      () => true,
      () => false,
    );
  },
});

/** The attachments of a dispute the actor may see (404 otherwise), oldest first. */
export async function disputeAttachments(db: DbOrTx, actor: Actor, id: string) {
  await loadVisible(db, actor, id);
  return (await filesOf(db, DISPUTE_FILE_OWNER, [id])).get(id) ?? [];
}
