/**
 * Uploaded photos and evidence (SPEC §6.4, §6.5), stored in the `files` table so that every instance and
 * every backup has them. Each file belongs to an owner record (`owner_entity`, `owner_id`); the owning
 * feature registers how to check that the actor may attach to it and read it. Files are served only to
 * users whose scope includes the owner's region.
 */
import crypto from 'node:crypto';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { files } from '../../db/schema/index.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { DOCUMENT_TYPES_TEXT, DOCX_TYPE, isVideoType, uploadMaxBytes, uploadTypesText, type UploadType } from '../../../core/prevention.ts';

export interface FileOwner {
  /** Chinese name of the owner record, for messages */
  label: string;
  /** The owner's region and town if the actor may attach files to it; throws (404/403) otherwise. */
  forWrite(tx: DbOrTx, actor: Actor, ownerId: string): Promise<{ regionCode: string; townCode: string | null }>;
  /** Whether the actor may read the owner's files (region scope is checked in SQL as well). */
  canRead(tx: DbOrTx, actor: Actor, ownerId: string): Promise<boolean>;
  /** whether short videos may be attached (MP4/WebM, at most 50 MB) besides photos and PDFs */
  videos?: boolean;
  /** whether Word documents (.docx) may be attached besides photos and PDFs */
  documents?: boolean;
  /** the most a photo or document may weigh (default 5 MB) */
  maxBytes?: number;
  /** how many files one owner record may have */
  maxFiles?: number;
  /**
   * the owner's own read check is the scope (records handled by units, as disputes are, are not visible by
   * region alone): the files' region is not checked besides
   */
  scopedByOwner?: boolean;
}

const owners = new Map<string, FileOwner>();
export function registerFileOwner(kind: string, owner: FileOwner) {
  owners.set(kind, owner);
}
export const fileOwnerKinds = () => [...owners.keys()];
/** The largest file an owner kind takes (read limit of the upload stream). */
export const ownerMaxBytes = (kind: string) => {
  const o = owners.get(kind);
  return Math.max(o?.maxBytes ?? 0, uploadMaxBytes(o?.videos ? 'video/mp4' : 'image/jpeg'));
};
/** The most a file of this type may weigh on this owner. */
const maxBytesFor = (owner: FileOwner, mime: string) => (isVideoType(mime) ? uploadMaxBytes(mime) : (owner.maxBytes ?? uploadMaxBytes(mime)));
const typesText = (owner: FileOwner) => (owner.documents ? DOCUMENT_TYPES_TEXT : uploadTypesText(!!owner.videos));

export type FileRow = typeof files.$inferSelect;
export const fileView = (f: Pick<FileRow, 'id' | 'filename' | 'mimeType' | 'size' | 'createdAt'>) => ({
  id: f.id,
  filename: f.filename,
  mimeType: f.mimeType,
  size: f.size,
  url: `/api/files/${f.id}`,
  createdAt: f.createdAt.toISOString(),
});
export type FileView = ReturnType<typeof fileView>;

export const DOCX_MIME = DOCX_TYPE;

/** The type a file's first bytes show; what the client claims is not trusted. */
export function sniffType(buf: Buffer): UploadType | typeof DOCX_MIME | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  // ISO base media (MP4): a first box of type ftyp; WebM: an EBML header whose DocType is webm
  if (buf.length >= 12 && buf.toString('latin1', 4, 8) === 'ftyp') return 'video/mp4';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x1a45dfa3 && buf.subarray(0, 64).includes('webm', 0, 'latin1')) return 'video/webm';
  // Word: a ZIP (local file header PK\3\4) holding word/document.xml (its name is stored uncompressed)
  if (buf.length >= 30 && buf.readUInt32LE(0) === 0x04034b50 && buf.includes('word/document.xml', 0, 'latin1')) return DOCX_MIME;
  return null;
}

function cleanName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f"]/g, '').trim();
  return (base || 'file').slice(0, 200);
}

export async function storeFile(database: Database, ctx: CommandContext, input: { ownerEntity: string; ownerId: string; filename: string; content: Buffer }) {
  const owner = owners.get(input.ownerEntity);
  if (!owner) throw invalid(`不支持的附件对象：${input.ownerEntity}`);
  if (input.content.length === 0) throw invalid('文件为空');
  const mimeType = sniffType(input.content);
  if (!mimeType || (isVideoType(mimeType) && !owner.videos) || (mimeType === DOCX_MIME && !owner.documents)) throw invalid(typesText(owner));
  const max = maxBytesFor(owner, mimeType);
  if (input.content.length > max) throw tooLarge(max);
  return database.db.transaction(async (tx) => {
    const where = await owner.forWrite(tx, ctx.actor, input.ownerId);
    if (owner.maxFiles) {
      const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(files).where(and(eq(files.ownerEntity, input.ownerEntity), eq(files.ownerId, input.ownerId)));
      if (n >= owner.maxFiles) throw invalid(`该${owner.label}已有 ${n} 个附件，最多 ${owner.maxFiles} 个`);
    }
    const [row] = await tx
      .insert(files)
      .values({
        id: crypto.randomUUID(),
        ownerEntity: input.ownerEntity,
        ownerId: input.ownerId,
        regionCode: where.regionCode,
        townCode: where.townCode,
        filename: cleanName(input.filename),
        mimeType,
        size: input.content.length,
        contentBase64: input.content.toString('base64'),
        uploadedBy: ctx.actor.userId,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'file.upload', entity: 'file', entityId: row.id, after: { ...fileView(row), ownerEntity: row.ownerEntity, ownerId: row.ownerId }, townCode: row.townCode });
    return row;
  });
}

/** Files in the actor's region scope, or of an owner kind that checks the scope itself (its `canRead`). */
function inFileScope(actor: Actor) {
  const own = [...owners].filter(([, o]) => o.scopedByOwner).map(([k]) => k);
  return own.length ? or(regionInScope(actor, files.regionCode), inArray(files.ownerEntity, own))! : regionInScope(actor, files.regionCode);
}

/** A file the actor may read, with its content; 404 when missing or out of scope. */
export async function readFile(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db.select().from(files).where(and(eq(files.id, id), inFileScope(actor)));
  if (!row) throw notFound('文件');
  const owner = owners.get(row.ownerEntity);
  if (!owner || !(await owner.canRead(db, actor, row.ownerId))) throw notFound('文件');
  return { ...row, content: Buffer.from(row.contentBase64, 'base64') };
}

export async function deleteFile(database: Database, ctx: CommandContext, id: string) {
  return database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(files).where(and(eq(files.id, id), inFileScope(ctx.actor)));
    if (!row) throw notFound('文件');
    const owner = owners.get(row.ownerEntity);
    if (!owner) throw notFound('文件');
    await owner.forWrite(tx, ctx.actor, row.ownerId);
    await tx.delete(files).where(eq(files.id, id));
    await writeAudit(tx, ctx, { action: 'file.delete', entity: 'file', entityId: id, before: { ...fileView(row), ownerEntity: row.ownerEntity, ownerId: row.ownerId }, townCode: row.townCode });
  });
}

/** Metadata (no content) of the files of some owner records, grouped by owner id. */
export async function filesOf(db: DbOrTx, ownerEntity: string, ownerIds: string[]): Promise<Map<string, FileView[]>> {
  const out = new Map<string, FileView[]>();
  if (ownerIds.length === 0) return out;
  const rows = await db
    .select({ id: files.id, ownerId: files.ownerId, filename: files.filename, mimeType: files.mimeType, size: files.size, createdAt: files.createdAt })
    .from(files)
    .where(and(eq(files.ownerEntity, ownerEntity), inArray(files.ownerId, ownerIds)))
    .orderBy(asc(files.createdAt));
  for (const r of rows) {
    const list = out.get(r.ownerId) ?? [];
    list.push(fileView(r));
    out.set(r.ownerId, list);
  }
  return out;
}

export const tooLarge = (max: number) => new AppError('too_large', 413, `文件不能超过 ${max / 1024 / 1024} MB`);

/** Removes an owner's files when the owner record is deleted (inside its transaction). */
export async function deleteFilesOf(tx: DbOrTx, ownerEntity: string, ownerId: string) {
  await tx.delete(files).where(and(eq(files.ownerEntity, ownerEntity), eq(files.ownerId, ownerId)));
}

/** Stores a file for seeding (demo data) without an actor check. */
export async function insertFileRaw(tx: DbOrTx, f: { ownerEntity: string; ownerId: string; regionCode: string; townCode: string | null; filename: string; content: Buffer }) {
  const { content, ...rest } = f;
  await tx.insert(files).values({ id: crypto.randomUUID(), ...rest, mimeType: sniffType(content) ?? 'application/octet-stream', size: content.length, contentBase64: content.toString('base64') });
}
