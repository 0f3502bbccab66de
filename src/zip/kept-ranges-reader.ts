import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Bytes read past what yauzl asks for on a miss: a local header, its name and extra field, a small entry. */
const READ_AHEAD_BYTES = 64 * 1024;
/** A central directory larger than this is read in read-ahead pieces rather than in one range. */
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** What a reader keeps at most; past it, the oldest ranges are let go (and read again if asked for). */
const MAX_KEPT_BYTES = MAX_CENTRAL_DIRECTORY_BYTES + 2 * READ_AHEAD_BYTES;
/**
 * The most a central directory record plausibly takes on average: 46 bytes, a name, an extra field (zip64
 * sizes, timestamps, a Unicode path) and a comment. A central directory that would need more per entry is a
 * zip that lies about where it starts, and is not prefetched (yauzl then refuses its first record).
 */
const PLAUSIBLE_RECORD_BYTES = 1024;
/** What follows the central directory: its end record, zip64 records and a comment of up to 65,535 bytes. */
const AFTER_CENTRAL_DIRECTORY_BYTES = 22 + 0xffff + 56 + 20;
/** yauzl's reads between two turns of the event loop, so a walk of 200,000 entries still lets timers in. */
const READS_PER_TURN = 1000;

interface Block {
  start: number;
  bytes: Buffer;
}

/**
 * A yauzl RandomAccessReader that keeps the ranges it reads, so the central directory is read once
 * (prefetchCentralDirectory) and yauzl's many small reads of it (each entry's record, then its name: two
 * per entry) are copied from memory. Read one by one, those cost a round trip each over HTTP and a system
 * call each from a file: listing a 3,000-file package took 190 ms from a file (README, Performance).
 * Subclasses say how a range is fetched: HTTP ranges (package-zip/http-range-reader.ts) or a file
 * (file-range-reader.ts).
 */
export abstract class KeptRangesReader extends yauzl.RandomAccessReader {
  readonly #blocks: Block[] = [];
  #keptBytes = 0;
  /** The block the last read came from: yauzl walks the central directory in order. */
  #lastBlock: Block | undefined;
  #reads = 0;

  constructor(readonly totalSize: number) {
    super();
  }

  /** Reads [start, end) of the zip and hands it to keep(); fewer bytes only at the end of the file. */
  protected abstract fetch(start: number, end: number): Promise<void>;

  protected keep(start: number, bytes: Buffer): void {
    this.#blocks.push({ start, bytes });
    this.#keptBytes += bytes.length;
    while (this.#keptBytes > MAX_KEPT_BYTES && this.#blocks.length > 1) {
      const oldest = this.#blocks.shift();
      this.#keptBytes -= oldest?.bytes.length ?? 0;
      if (oldest === this.#lastBlock) this.#lastBlock = undefined;
    }
  }

  /**
   * Reads the central directory of `zip`, just opened, in one piece before yauzl walks it, with the
   * read-ahead's worth of bytes before it: the last entries' data, where a build that adds the manifest
   * last (zipping the package's files, then its manifest) stores it, so that one range serves both. Reads
   * nothing when the central directory is already kept (a small zip's tail holds it), and only up to what
   * is kept of its end otherwise.
   */
  async prefetchCentralDirectory(zip: yauzl.ZipFile): Promise<void> {
    // yauzl keeps the central directory's offset as readEntryCursor, which its types do not declare.
    const from = Math.max(0, (zip as unknown as { readEntryCursor: number }).readEntryCursor);
    const to = this.totalSize;
    const plausible = Math.min(
      MAX_CENTRAL_DIRECTORY_BYTES,
      zip.entryCount * PLAUSIBLE_RECORD_BYTES + AFTER_CENTRAL_DIRECTORY_BYTES,
    );
    if (to - from > plausible || this.#isKept(from, to)) return;
    const keptEnd = this.#blocks.find(
      (b) => b.start > from && b.start < to && b.start + b.bytes.length >= to,
    );
    await this.fetch(Math.max(0, from - READ_AHEAD_BYTES), keptEnd?.start ?? to);
  }

  /**
   * yauzl's small reads, copied from what is kept (yauzl's default read builds a stream pair per call,
   * which costs more than the reading itself).
   */
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    done: (error: Error | null, bytesRead: number) => void,
  ): void {
    const end = position + length;
    if (this.#copyKept(position, end, buffer, offset)) {
      // Called back later, as fs.read does: yauzl reads the next entry from within this callback.
      const later = ++this.#reads % READS_PER_TURN === 0 ? setImmediate : queueMicrotask;
      later(() => done(null, length));
      return;
    }
    this.#fetchFor(position, end).then(
      () => done(null, this.#copyKept(position, end, buffer, offset) ? length : 0),
      (error: unknown) => done(asError(error), 0),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    const bytes = Buffer.allocUnsafe(end - start);
    const ready = this.#copyKept(start, end, bytes, 0)
      ? Promise.resolve(true)
      : this.#fetchFor(start, end).then(() => this.#copyKept(start, end, bytes, 0));
    ready.then(
      (complete) => out.end(complete ? bytes : Buffer.alloc(0)),
      (error: unknown) => out.destroy(asError(error)),
    );
    return out;
  }

  /**
   * Fetches a range that is not kept, reading ahead, but not into what is already here, nor past the end of
   * the file: a zip that points past its own end is short of bytes (yauzl: unexpected EOF), not a file that
   * changed size.
   */
  async #fetchFor(start: number, end: number): Promise<void> {
    if (start >= this.totalSize) return;
    const nextBlock = Math.min(
      ...this.#blocks.filter((b) => b.start >= end).map((b) => b.start),
      this.totalSize,
    );
    const to = Math.max(end, Math.min(start + READ_AHEAD_BYTES, nextBlock));
    await this.fetch(start, Math.min(to, this.totalSize));
  }

  #isKept(start: number, end: number): boolean {
    for (let position = start; position < end;) {
      const block = this.#blockAt(position);
      if (!block) return false;
      position = block.start + block.bytes.length;
    }
    return true;
  }

  /** Copies [start, end) into `target` at `at` from the kept blocks, across several; false when one is missing. */
  #copyKept(start: number, end: number, target: Buffer, at: number): boolean {
    for (let position = start; position < end;) {
      const block = this.#blockAt(position);
      if (!block) return false;
      const blockEnd = Math.min(end, block.start + block.bytes.length);
      block.bytes.copy(target, at + position - start, position - block.start, blockEnd - block.start);
      position = blockEnd;
    }
    return true;
  }

  #blockAt(position: number): Block | undefined {
    const holds = (b: Block) => b.start <= position && position < b.start + b.bytes.length;
    if (this.#lastBlock && holds(this.#lastBlock)) return this.#lastBlock;
    this.#lastBlock = this.#blocks.find(holds);
    return this.#lastBlock;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
