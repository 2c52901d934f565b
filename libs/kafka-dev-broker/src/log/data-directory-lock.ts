import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`data directory ${dataDir} is already used by a running broker (pid ${pid})`);
    this.name = 'DataDirectoryInUseError';
  }
}

/**
 * Guards a data directory against two brokers appending to the same segment files, which would
 * interleave batches and corrupt both logs. The lock file holds the owner's pid; a lock left by
 * a process that no longer exists (a crash) is taken over.
 */
export class DataDirectoryLock {
  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirectoryLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'broker.lock');
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && isRunning(owner)) {
        throw new DataDirectoryInUseError(dataDir, owner);
      }
      writeFileSync(path, String(process.pid));
    }
    return new DataDirectoryLock(path);
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
