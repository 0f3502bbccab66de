import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Bytes read past what yauzl asks for on a miss: a local header, its name and extra field, a small entry. */
const READ_AHEAD_BYTES = 64 * 1024;
/** A central directory larger than this is read in read-ahead pieces rather than in one range. */
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;

interface Block {
  start: number;
  bytes: Buffer;
}

/**
 * A yauzl RandomAccessReader that keeps every range it reads, so the central directory is read once (see
 * prefetch) and yauzl's many small reads of it (the record of each entry, then its name: two per entry)
 * are copied from memory. Read one by one, those cost a round trip each over HTTP and a file system call
 * each from a file: listing a 3,000-file package took 190 ms from a file (README, Performance).
 * Subclasses say how a range is fetched: HTTP ranges (the package zip check) or a file (zip-file.ts).
 */
export abstract class KeptRangesReader extends yauzl.RandomAccessReader {
  readonly #blocks: Block[] = [];

  constructor(readonly totalSize: number) {
    super();
  }

  /** Reads [start, end) of the zip and hands it to keep(); fewer bytes only at the end of the file. */
  protected abstract fetch(start: number, end: number): Promise<void>;

  protected keep(start: number, bytes: Buffer): void {
    let block = { start, bytes };
    // Joined to a block it touches, so that a read across their boundary is still one copy.
    for (const other of [...this.#blocks]) {
      if (other.start + other.bytes.length === block.start) {
        block = { start: other.start, bytes: Buffer.concat([other.bytes, block.bytes]) };
      } else if (block.start + block.bytes.length === other.start) {
        block = { start: block.start, bytes: Buffer.concat([block.bytes, other.bytes]) };
      } else {
        continue;
      }
      this.#blocks.splice(this.#blocks.indexOf(other), 1);
    }
    this.#blocks.push(block);
  }

  /**
   * Reads the central directory, [start, end), in one piece before yauzl walks it, with the read-ahead's
   * worth of bytes before it: the last entries' data, where a build that adds the manifest last (zipping
   * the package's files, then its manifest) stores it. That is one range for both, instead of a second
   * round trip for the manifest. Nothing is read twice: not at all when the central directory is already
   * kept, and only up to what is kept of its end (the zip's tail, read first) otherwise.
   */
  async prefetch(start: number, end: number): Promise<void> {
    const from = Math.max(0, start);
    const to = Math.min(end, this.totalSize);
    if (to - from > MAX_CENTRAL_DIRECTORY_BYTES || this.#cached(from, to)) return;
    const keptEnd = this.#blocks.find(
      (b) => b.start > from && b.start < to && b.start + b.bytes.length >= to,
    );
    await this.fetch(Math.max(0, from - READ_AHEAD_BYTES), keptEnd?.start ?? to);
  }

  /**
   * yauzl's small reads, copied from what is kept. yauzl's default read goes through a stream pair per
   * call, which costs more than the reading itself.
   */
  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (error: Error | null, bytesRead: number) => void,
  ): void {
    this.#read(position, position + length).then(
      (bytes) => callback(null, bytes.copy(buffer, offset)),
      (error: unknown) => callback(asError(error), 0),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    this.#read(start, end).then(
      (bytes) => out.end(bytes),
      (error: unknown) => out.destroy(asError(error)),
    );
    return out;
  }

  async #read(start: number, end: number): Promise<Buffer> {
    const cached = this.#cached(start, end);
    if (cached) return cached;
    // Read ahead, but not into what is already here (the central directory follows the last entry).
    const nextBlock = Math.min(
      ...this.#blocks.filter((b) => b.start >= end).map((b) => b.start),
      this.totalSize,
    );
    await this.fetch(start, Math.max(end, Math.min(start + READ_AHEAD_BYTES, nextBlock)));
    return this.#cached(start, end) ?? Buffer.alloc(0);
  }

  #cached(start: number, end: number): Buffer | undefined {
    const block = this.#blocks.find((b) => b.start <= start && b.start + b.bytes.length >= end);
    return block?.bytes.subarray(start - block.start, end - block.start);
  }
}

/**
 * Where yauzl starts its walk of the central directory once the zip is open: the range to prefetch. yauzl
 * keeps it as `readEntryCursor`, which its types do not declare.
 */
export function centralDirectoryStart(zip: yauzl.ZipFile): number {
  return (zip as unknown as { readEntryCursor: number }).readEntryCursor;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
