import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';

export interface DataLock {
  file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded engine has no lock of its own and two processes opening one folder corrupt it.
 * A lock file holds our pid; a lock whose process is gone is taken over.
 */
export function acquireLock(dataDir: string): DataLock {
  const file = path.join(dataDir, 'wusong.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(fs.readFileSync(file, 'utf8'));
          if (cur.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid?: number } = {};
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* half-written lock: treat as stale */
      }
      if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) {
        throw new AppError(
          'database_locked',
          409,
          `内置数据库（${dataDir}）正被另一个进程（PID ${holder.pid}）使用。请先停止正在运行的服务，或改用 PostgreSQL（设置 DATABASE_URL）。`,
        );
      }
      fs.rmSync(file, { force: true }); // stale lock of a process that is gone
    }
  }
  throw new AppError('database_locked', 409, `无法锁定内置数据库目录 ${dataDir}`);
}
