import fs from 'node:fs';
import { promisify } from 'node:util';

// node:fs's own calls, promisified, for the modules every run loads. Not node:fs/promises: it loads readline
// and the file watchers with it, about 1.4 ms of each start on Node 24 (README, Performance).
export const open = promisify(fs.open);
export const close = promisify(fs.close);
export const read = promisify(fs.read);
export const fstat = promisify(fs.fstat);
export const lstat = promisify(fs.lstat);
export const stat = promisify(fs.stat);
export const realpath = promisify(fs.realpath);
export const rm = promisify(fs.rm);

/** Fills `buffer` with the file's bytes from `position`; returns how many came, fewer only at its end. */
export async function readFully(fd: number, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await read(fd, buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
