import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FormDataEncoder } from 'form-data-encoder';
import { describe, expect, it } from 'vitest';
import { worldImportForm } from '../../src/forge/forge-api.js';

async function encode(form: ReturnType<typeof worldImportForm>) {
  const encoder = new FormDataEncoder(form);
  const chunks: Uint8Array[] = [];
  for await (const chunk of encoder) chunks.push(chunk);
  return { headers: encoder.headers, body: Buffer.concat(chunks) };
}

describe('worldImportForm', () => {
  it('encodes type=world and the zip byte for byte, with a Content-Length that matches', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'form-'));
    const bytes = randomBytes(100_000);
    const zip = path.join(dir, 'demo.zip');
    await writeFile(zip, bytes);
    const { headers, body } = await encode(worldImportForm(zip, bytes.length, 0));

    expect(Number(headers['Content-Length'])).toBe(body.length);
    const text = body.toString('latin1');
    expect(text).toMatch(/Content-Disposition: form-data; name="type"\r\n\r\nworld\r\n/);
    expect(text).toMatch(
      /Content-Disposition: form-data; name="zip"; filename="demo.zip"\r\nContent-Type: application\/zip\r\n\r\n/,
    );
    expect(body.includes(bytes)).toBe(true);
  });

  it('reads the file afresh each time it is encoded, so a retried import sends it whole', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'form-'));
    const zip = path.join(dir, 'w.zip');
    await writeFile(zip, 'zip-bytes');
    const form = worldImportForm(zip, 9, 0);
    const first = await encode(form);
    const second = await encode(form);
    expect(second.body.length).toBe(first.body.length);
    expect(second.body.toString()).toContain('zip-bytes');
  });
});
