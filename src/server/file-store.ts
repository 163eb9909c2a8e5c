// The embedded store: no set-up, no package to install, persistent across restarts. The orders live in memory;
// every change is appended to a journal (one JSON line per record) and fsynced before the change counts, in
// batches, so that many charges share one disk flush. Opening replays the journal and rewrites it compacted
// (written aside, fsynced, renamed over: an atomic swap). A lock file keeps a second process out: the embedded
// store serves one process; several processes share PostgreSQL.
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { MemoryOrderStore, type OrderRecord, type OrderStore } from './store.js';

const JOURNAL = 'orders.jsonl';
const LOCK = 'lock';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock file, or says which process has it. A dead process's lock is taken over. */
async function takeLock(path: string): Promise<void> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(path, 'utf8').catch(() => ''));
    if (holder && isRunning(holder))
      throw new Error(
        `The order store in ${path.slice(0, -LOCK.length - 1)} is in use by process ${holder}. ` +
          'The embedded store serves one process: give several processes PostgreSQL (DATABASE_URL).',
      );
    await unlink(path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  }
  throw new Error(`Could not take the lock ${path}`);
}

/** Writes `text` to `path` atomically: aside, fsynced, renamed over, and the directory fsynced. */
async function replaceFile(dir: string, path: string, text: string): Promise<void> {
  const aside = `${path}.${process.pid}.tmp`;
  const handle = await open(aside, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(aside, path);
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

class FileOrderStore extends MemoryOrderStore {
  private pending: { line: string; done: () => void; failed: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  private released = false;
  /** Lines appended since the journal was last compacted. */
  private appended = 0;

  private constructor(
    private readonly dir: string,
    private journal: FileHandle,
  ) {
    super();
  }

  static async open(dir: string): Promise<FileOrderStore> {
    await mkdir(dir, { recursive: true });
    await takeLock(join(dir, LOCK));
    const path = join(dir, JOURNAL);
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      if (isMissing(error)) return '';
      throw error;
    });
    const records = new Map<string, OrderRecord>();
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (!line) return;
      try {
        const record = JSON.parse(line) as OrderRecord;
        records.set(record.orderId, record);
      } catch (error) {
        // A crash can tear the last line; any other unreadable line is damage that must not pass unnoticed.
        if (index < lines.length - 1 && lines.slice(index + 1).some(Boolean)) throw error;
      }
    });
    await replaceFile(
      dir,
      path,
      [...records.values()].map((r) => `${JSON.stringify(r)}\n`).join(''),
    );
    const store = new FileOrderStore(dir, await open(path, 'a'));
    for (const record of records.values()) store.records.set(record.orderId, record);
    return store;
  }

  override async compareAndSet(next: OrderRecord, expectedVersion: number): Promise<boolean> {
    if (this.failure) throw this.failure;
    if (!this.swap(next, expectedVersion)) return false;
    await new Promise<void>((done, failed) => {
      this.pending.push({ line: `${JSON.stringify(next)}\n`, done, failed });
      this.flushing ??= this.flush();
    });
    return true;
  }

  /** Appends every waiting line with one write and one fsync, until none is waiting. */
  private async flush(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve)); // let the writes of this turn join the batch
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.journal.write(batch.map((entry) => entry.line).join(''));
        await this.journal.datasync();
        for (const entry of batch) entry.done();
        this.appended += batch.length;
        if (this.appended > Math.max(10_000, 4 * this.records.size)) await this.compact();
      } catch (error) {
        // The memory now holds changes the disk may not: refuse everything from here on (a restart reloads).
        this.failure = error;
        this.closed = true;
        for (const entry of [...batch, ...this.pending]) entry.failed(error);
        this.pending = [];
      }
    }
    this.flushing = undefined;
  }

  /** Rewrites the journal with one line per order (atomically), and appends to the new one from then on. */
  private async compact(): Promise<void> {
    const path = join(this.dir, JOURNAL);
    const lines = [...this.records.values()].map((r) => `${JSON.stringify(r)}\n`).join('');
    await replaceFile(this.dir, path, lines);
    const old = this.journal;
    this.journal = await open(path, 'a');
    await old.close();
    this.appended = 0;
  }

  override async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.closed = true;
    await this.flushing;
    await this.journal.close().catch(() => undefined);
    await unlink(join(this.dir, LOCK)).catch(() => undefined);
  }
}

/**
 * The embedded order store in `dir` (created when missing): a journal fsynced in batches, compacted at every
 * start, and a lock file that keeps other processes out.
 */
export const fileOrderStore = (dir: string): Promise<OrderStore> => FileOrderStore.open(dir);
