import fs from 'node:fs';
import { promisify } from 'node:util';
import { KeptRangesReader } from './kept-ranges-reader.js';

const read = promisify(fs.read);

/**
 * A zip file on disk read through KeptRangesReader: the central directory in one read instead of two
 * system calls per entry. It owns its file descriptor, which yauzl closes with the zip (close()).
 */
export class FileRangeReader extends KeptRangesReader {
  constructor(
    private readonly fd: number,
    totalSize: number,
  ) {
    super(totalSize);
  }

  protected override async fetch(start: number, end: number): Promise<void> {
    const bytes = Buffer.allocUnsafe(end - start);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await read(this.fd, bytes, filled, bytes.length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.keep(start, bytes.subarray(0, filled));
  }

  override close(callback: (error: Error | null) => void): void {
    fs.close(this.fd, callback);
  }
}
