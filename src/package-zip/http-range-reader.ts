import { ActionError } from '../problems/problem.js';
import { BodyTooLargeError, bodyExcerpt, type HttpTransport } from '../network/http.js';
import { withRetries, type AttemptResult, type RetryBudget } from '../network/retry.js';
import { untrusted } from '../problems/untrusted-text.js';
import { KeptRangesReader } from '../zip/kept-ranges-reader.js';

/** yauzl looks for the end of central directory in the last 22 + 65535 (comment) + 20 (zip64 locator) bytes. */
export const ZIP_TAIL_BYTES = 22 + 0xffff + 20;

/** The host sent the whole file (200) to a Range request: read it from disk instead. */
export class RangesIgnored extends Error {}

/** The asset's size changed between two reads: it was re-uploaded meanwhile. */
export class AssetChanged extends Error {}

/**
 * A yauzl RandomAccessReader over HTTP `Range` requests to one URL, without credentials (asset storage is
 * another host than GitHub's API). It keeps what it has read (KeptRangesReader), so the central directory
 * is fetched in one range and yauzl's many small reads of it cost no request.
 */
export class HttpRangeReader extends KeptRangesReader {
  #transferred = 0;
  /** The first failure of a fetch, kept because yauzl reports a failed read as its own error. */
  failure?: unknown;

  private constructor(
    private readonly url: string,
    private readonly http: HttpTransport,
    private readonly budget: RetryBudget,
    totalSize: number,
  ) {
    super(totalSize);
  }

  /**
   * Opens the reader with the zip's tail (a suffix range), which also tells the file's size. Throws
   * RangesIgnored when the host answers with the whole file.
   */
  static async open(url: string, http: HttpTransport, budget: RetryBudget): Promise<HttpRangeReader> {
    const tail = await fetchRange(url, `bytes=-${ZIP_TAIL_BYTES}`, ZIP_TAIL_BYTES, http, budget);
    const reader = new HttpRangeReader(url, http, budget, tail.total);
    reader.keep(tail.start, tail.bytes);
    return reader;
  }

  /** Bytes fetched so far, for the summary ("read 52 KiB of 256 MiB"). */
  get transferred(): number {
    return this.#transferred;
  }

  protected override async fetch(start: number, end: number): Promise<void> {
    try {
      const part = await fetchRange(
        this.url,
        `bytes=${start}-${end - 1}`,
        end - start,
        this.http,
        this.budget,
      );
      if (part.total !== this.totalSize) throw new AssetChanged();
      this.keep(part.start, part.bytes);
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
  }

  protected override keep(start: number, bytes: Buffer): void {
    this.#transferred += bytes.length;
    super.keep(start, bytes);
  }
}

interface RangePart {
  start: number;
  bytes: Buffer;
  total: number;
}

/** `Content-Range: bytes 0-99/1234`. */
function parseContentRange(
  value: string | undefined,
): { start: number; end: number; total: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) };
}

/**
 * One Range GET, retried within the budget on 5xx, 404 (a just-uploaded asset may take a moment to be
 * served), network trouble and a body cut short. A small file may come whole (200): that is its only part.
 */
async function fetchRange(
  url: string,
  range: string,
  length: number,
  http: HttpTransport,
  budget: RetryBudget,
): Promise<RangePart> {
  return withRetries(
    async (): Promise<AttemptResult<RangePart>> => {
      let response;
      try {
        response = await http.requestBytes('GET', url, {
          headers: { Range: range, Accept: 'application/octet-stream' },
          followRedirects: true,
          maxBodyBytes: length,
        });
      } catch (error) {
        // More than the range asked for, with 200: the host ignores Range and is sending the whole file.
        if (error instanceof BodyTooLargeError && error.status === 200) throw new RangesIgnored();
        throw error;
      }
      const { status, headers, bytes } = response;
      if (status === 206) {
        const part = parseContentRange(headers['content-range']);
        if (!part) throw new RangesIgnored();
        if (bytes.length !== part.end - part.start + 1) {
          return { retry: { kind: 'transient' }, failure: `the answer to ${range} was cut short` };
        }
        return { ok: { start: part.start, bytes, total: part.total } };
      }
      if (status === 200) return { ok: { start: 0, bytes, total: bytes.length } };
      // Nothing at that offset: `Content-Range: bytes */1234` still says the file's size (RFC 9110 §15.5.17).
      if (status === 416) {
        const total = /^bytes \*\/(\d+)$/.exec(headers['content-range']?.trim() ?? '')?.[1];
        return { ok: { start: 0, bytes: Buffer.alloc(0), total: total === undefined ? 0 : Number(total) } };
      }
      if (status === 404 || status >= 500) {
        return {
          retry: { kind: 'transient' },
          failure: `HTTP ${status} (${bodyExcerpt(bytes.toString('utf8'), 100)})`,
        };
      }
      throw new ActionError(
        `The package zip at ${untrusted(url)} cannot be read: HTTP ${status} (${bodyExcerpt(bytes.toString('utf8'))}). Users install from this URL, without credentials: check the release asset is public.`,
      );
    },
    {
      what: 'Package zip check',
      budget,
      giveUp: (failure, reason) =>
        new ActionError(
          `Reading the package zip at ${untrusted(url)} failed: ${failure}; gave up because ${reason}.`,
        ),
    },
  );
}
