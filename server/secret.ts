import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';

/**
 * The encryption key (SPEC §11): WUSONG_SECRET; in embedded mode generated once into the data folder.
 * PostgreSQL mode refuses to start without it, since every instance must share it.
 */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  if (config.databaseUrl) throw new AppError('config', 500, '使用 PostgreSQL（DATABASE_URL）时必须设置 WUSONG_SECRET（所有实例共用同一密钥）');
  const file = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const s = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, s + '\n', { mode: 0o600 });
  return s;
}

/** Field encryption for identity numbers: AES-256-GCM, plus a keyed hash for exact-match search. */
export class Cipher {
  private encKey: Buffer;
  private macKey: Buffer;
  constructor(secret: string) {
    this.encKey = crypto.createHash('sha256').update('wusong:enc:' + secret).digest();
    this.macKey = crypto.createHash('sha256').update('wusong:mac:' + secret).digest();
  }
  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
  }
  decrypt(stored: string): string {
    const raw = Buffer.from(stored.replace(/^v1:/, ''), 'base64');
    const d = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }
  /** deterministic, so `where id_hash = $1` finds an exact number without decrypting anything */
  blindIndex(value: string): string {
    return crypto.createHmac('sha256', this.macKey).update(value.trim().toUpperCase()).digest('base64url');
  }
}
