import { close, readFully } from '../network/files.js';
import { KeptRangesReader } from './kept-ranges-reader.js';

/**
 * A zip file on disk read through KeptRangesReader: the central directory in one read instead of two
 * system calls per entry. It owns its file descriptor, which yauzl closes with the zip (close()).
 */
export class FileRangeReader extends KeptRangesReader {
  #closing: Promise<void> | undefined;
  /** Reads under way: the descriptor is closed after them, never under them (its number could be reused). */
  readonly #reading = new Set<Promise<void>>();

  constructor(
    private readonly fd: number,
    totalSize: number,
  ) {
    super(totalSize);
  }

  protected override async fetch(start: number, end: number): Promise<void> {
    if (this.#closing) throw new Error('the zip file is closed');
    const reading = this.#readInto(start, Buffer.allocUnsafe(end - start));
    this.#reading.add(reading);
    try {
      await reading;
    } finally {
      this.#reading.delete(reading);
    }
  }

  async #readInto(start: number, bytes: Buffer): Promise<void> {
    this.keep(start, bytes.subarray(0, await readFully(this.fd, bytes, start)));
  }

  /** Closes the file once, whoever asks; a read-only descriptor loses nothing when closing it fails. */
  override close(callback: (error: Error | null) => void): void {
    this.#closing ??= Promise.allSettled([...this.#reading]).then(() =>
      close(this.fd).catch(() => undefined),
    );
    void this.#closing.then(() => callback(null));
  }
}
