// The embedded store: no set-up, no package to install, persistent across restarts. The orders live in memory;
// every change is appended to a journal (one JSON line per record) and made durable before the change counts,
// in batches, so that many charges share one disk flush (group commit: the lines that come while one batch is
// being flushed make the next). The journal is opened with O_DSYNC where the system has it, so that one write
// is also its flush. An `outcome` write (see Durability in store.ts) joins the same journal, in order, but its
// caller does not wait: it goes to disk with the next durable write's batch (the next charge's claim, as a
// rule), or OUTCOME_FLUSH_MS later when none comes first — one flush per charge, not two. Opening replays the
// journal (the highest version of each order) and rewrites it compacted (written aside, fsynced, renamed over:
// an atomic swap). A lock file keeps a second process out: the embedded store serves one process; several
// processes share PostgreSQL.
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import {
  MemoryOrderStore,
  isOutcomeOf,
  type Durability,
  type OrderRecord,
  type OrderStore,
} from './store.js';

const JOURNAL = 'orders.jsonl';
const LOCK = 'lock';
/** Appending, and (where the system has O_DSYNC) each write on disk before it returns. */
const JOURNAL_FLAGS =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_DSYNC ?? 0);
const SYNCED_WRITES = constants.O_DSYNC !== undefined;
/** How long an `outcome` line may wait for a durable write to share its flush with. */
const OUTCOME_FLUSH_MS = 5;

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

/** A journal line waiting for its flush, and its caller when one waits. */
interface Pending {
  line: string;
  done?: () => void;
  failed?: (error: unknown) => void;
}

class FileOrderStore extends MemoryOrderStore {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  /** Set while only `outcome` lines wait: their flush, unless a durable write starts one first. */
  private outcomeTimer: ReturnType<typeof setTimeout> | undefined;
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
        if ((records.get(record.orderId)?.version ?? 0) < record.version)
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
    const store = new FileOrderStore(dir, await open(path, JOURNAL_FLAGS));
    for (const record of records.values()) store.records.set(record.orderId, record);
    return store;
  }

  override async compareAndSet(
    next: OrderRecord,
    expectedVersion: number,
    durability: Durability = 'durable',
  ): Promise<boolean> {
    if (this.failure) throw this.failure;
    const replaced = this.records.get(next.orderId);
    if (!this.swap(next, expectedVersion)) return false;
    const line = `${JSON.stringify(next)}\n`;
    if (durability === 'outcome' && isOutcomeOf(next, replaced)) {
      // On disk with the next batch; a crash before that leaves the attempt's claim, settled from Connect.
      this.pending.push({ line });
      if (!this.flushing)
        this.outcomeTimer ??= setTimeout(() => this.startFlush(), OUTCOME_FLUSH_MS);
      return true;
    }
    await new Promise<void>((done, failed) => {
      this.pending.push({ line, done, failed });
      this.startFlush();
    });
    return true;
  }

  /** Flushes what is waiting now, unless a flush is running (which then takes it too). */
  private startFlush(): void {
    clearTimeout(this.outcomeTimer);
    this.outcomeTimer = undefined;
    this.flushing ??= this.flush();
  }

  /** Appends every waiting line with one write (and one flush), until none is waiting. */
  private async flush(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve)); // let the writes of this turn join the batch
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.journal.write(batch.map((entry) => entry.line).join(''));
        if (!SYNCED_WRITES) await this.journal.datasync();
        for (const entry of batch) entry.done?.();
        this.appended += batch.length;
        if (this.appended > Math.max(10_000, 4 * this.records.size)) await this.compact();
      } catch (error) {
        // The memory now holds changes the disk may not: refuse everything from here on (a restart reloads).
        this.failure = error;
        this.closed = true;
        for (const entry of [...batch, ...this.pending]) entry.failed?.(error);
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
    this.journal = await open(path, JOURNAL_FLAGS);
    await old.close();
    this.appended = 0;
  }

  override async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.closed = true;
    if (this.pending.length) this.startFlush();
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
