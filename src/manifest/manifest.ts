import * as z from 'zod/mini';
import { ActionError, type Problem, type ProblemLocation } from '../problems/problem.js';
import { untrusted } from '../problems/untrusted-text.js';

/** A manifest over this size is not a manifest (most likely the package zip was named by mistake). */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export const MANIFEST_FILE_NAMES = ['module.json', 'system.json', 'world.json'] as const;

/** Where the manifest text came from: a release asset, or a file in the workspace (annotated by line). */
export interface ManifestSource {
  /** How to name it in messages, e.g. "release asset module.json" or "module.json". */
  label: string;
  /** Workspace-relative path, for annotations; only for a local manifest. */
  file?: string;
  bytes: Buffer;
}

export interface Compatibility {
  minimum?: string;
  verified?: string;
  maximum?: string;
}

/** The fields of a Foundry manifest the release needs, normalised: legacy keys folded in, numbers as strings. */
export interface PackageManifest {
  id?: string;
  version?: string;
  compatibility: Compatibility;
  download?: string;
  /**
   * The manifest's own `manifest` field: the URL installed copies check for updates. undefined when it is
   * missing, empty or not a string.
   */
  updateUrl?: string;
  /** The files the manifest names for Foundry to load (SPEC §4 step 4c), as written. */
  files: NamedFiles;
  /** The file started with a UTF-8 byte order mark, which was stripped before parsing (a warning). */
  byteOrderMark: boolean;
  source: ManifestSource;
  /** Where a field (dotted path, e.g. "compatibility.minimum") is written, for annotations. */
  locate(field: string): ProblemLocation | undefined;
}

/** A compendium pack as the manifest declares it; `path` is optional since v11 (`packs/<name>`). */
export interface NamedPack {
  name?: string;
  path?: string;
}

/**
 * Paths the manifest names, as written (a leading `./` or `/` and URLs left in; the check resolves them).
 * v13 writes `styles` as `{src, layer}` objects; only `src` is a path.
 */
export interface NamedFiles {
  esmodules: string[];
  scripts: string[];
  styles: string[];
  languages: string[];
  packs: NamedPack[];
}

// Read leniently: a field of a shape the check does not know (a number, an object without `src`) is left
// out of the check, never a reason to refuse the manifest. Foundry validates these fields itself.
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const anyList = z.catch(z.array(z.unknown()), []);

const pathList = z.pipe(
  anyList,
  z.transform((items: unknown[]) =>
    items.flatMap((item) => {
      if (typeof item === 'string') return [item];
      if (isRecord(item) && typeof item.src === 'string') return [item.src];
      return [];
    }),
  ),
);

const languageList = z.pipe(
  anyList,
  z.transform((items: unknown[]) =>
    items.flatMap((item) => (isRecord(item) && typeof item.path === 'string' ? [item.path] : [])),
  ),
);

const packList = z.pipe(
  anyList,
  z.transform((items: unknown[]) =>
    items.flatMap((item): NamedPack[] => {
      if (!isRecord(item)) return [];
      const text = (value: unknown) =>
        typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
      return [{ name: text(item.name), path: text(item.path) }];
    }),
  ),
);

const updateUrl = z.pipe(
  z.optional(z.unknown()),
  z.transform((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined)),
);

// Foundry reads versions as strings; a number in the manifest (e.g. "verified": 11) is sent as "11".
const versionLike = z.pipe(
  z.pipe(
    z.union([z.string(), z.number()], { error: 'must be a string (or a number)' }),
    z.transform((v: string | number) => (typeof v === 'number' ? String(v) : v.trim())),
  ),
  z.transform((v: string) => (v === '' ? undefined : v)),
);

// SPEC §6b: parsed at the edge. A version may be a placeholder with spaces ("This is auto replaced",
// which the checks report), but never holds a line break or control character.
const versionValue = versionLike.check(
  z.refine((v) => v === undefined || !/[\p{Cc}\u2028\u2029]/u.test(v), {
    error: 'holds a line break or a control character; a version is one word such as 1.2.3',
  }),
);

/** A compatibility value is one word too: Foundry compares versions such as 13.345 part by part. */
const compatibilityValue = versionLike.check(
  z.refine((v) => v === undefined || !/[\s\p{C}]/u.test(v), {
    error: 'holds white space or a control character; a Foundry version is one word such as 13.345',
  }),
);

const optionalString = z.optional(
  z.pipe(
    z.string({ error: 'must be a string' }),
    z.transform((v: string) => (v.trim() === '' ? undefined : v.trim())),
  ),
);

const manifestSchema = z.object(
  {
    id: optionalString,
    name: optionalString,
    version: z.optional(versionValue),
    compatibility: z.nullish(
      z.object(
        {
          minimum: z.nullish(compatibilityValue),
          verified: z.nullish(compatibilityValue),
          maximum: z.nullish(compatibilityValue),
        },
        { error: 'must be an object with minimum, verified and maximum' },
      ),
    ),
    minimumCoreVersion: z.nullish(compatibilityValue),
    compatibleCoreVersion: z.nullish(compatibilityValue),
    download: optionalString,
    manifest: updateUrl,
    esmodules: pathList,
    scripts: pathList,
    styles: pathList,
    languages: languageList,
    packs: packList,
  },
  { error: 'must be a JSON object (the manifest is {"id": …, "version": …})' },
);

/** Parses manifest bytes; every problem (not JSON, wrong types) is reported at once, at its line. */
export function parseManifest(source: ManifestSource): PackageManifest {
  const locate = locator(source);
  const { text, byteOrderMark } = decode(source, locate);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ActionError({
      message: `${source.label} is not valid JSON: ${untrusted((error as Error).message, 300)}. Foundry cannot read it either; fix the syntax.`,
      location: locate.atOffset(jsonErrorOffset(error)),
    });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ActionError(
      parsed.error.issues.map((issue): Problem => {
        const field = issue.path.join('.');
        return {
          message: field
            ? `Manifest field '${field}' in ${source.label} ${issue.message}.`
            : `${source.label} ${issue.message}.`,
          location: locate.field(field),
        };
      }),
    );
  }
  const m = parsed.data;
  return {
    id: m.id ?? m.name,
    version: m.version,
    // SPEC §2: `compatibility` wins over the legacy keys when both are present.
    compatibility: {
      minimum: m.compatibility?.minimum ?? m.minimumCoreVersion ?? undefined,
      verified: m.compatibility?.verified ?? m.compatibleCoreVersion ?? undefined,
      maximum: m.compatibility?.maximum ?? undefined,
    },
    download: m.download,
    updateUrl: m.manifest,
    files: {
      esmodules: m.esmodules,
      scripts: m.scripts,
      styles: m.styles,
      languages: m.languages,
      packs: m.packs,
    },
    byteOrderMark,
    source,
    locate: locate.field,
  };
}

function decode(source: ManifestSource, locate: Locator): { text: string; byteOrderMark: boolean } {
  if (source.bytes.length > MAX_MANIFEST_BYTES) {
    // A local file is read only up to one byte past the limit: its length then says "too large", not how large.
    const size =
      source.bytes.length === MAX_MANIFEST_BYTES + 1
        ? 'more than 1 MiB'
        : `${(source.bytes.length / 1048576).toFixed(1)} MiB`;
    throw new ActionError({
      message: `${source.label} is ${size}; a Foundry manifest is a few KiB and at most 1 MiB here. Check that it is the manifest and not the package zip.`,
      location: locate.atOffset(0),
    });
  }
  // Stripped and read, and reported as a warning by the checks: many editors on Windows write one.
  const byteOrderMark = source.bytes[0] === 0xef && source.bytes[1] === 0xbb && source.bytes[2] === 0xbf;
  return { text: source.bytes.subarray(byteOrderMark ? 3 : 0).toString('utf8'), byteOrderMark };
}

interface Locator {
  field(path: string): ProblemLocation | undefined;
  atOffset(offset: number | undefined): ProblemLocation | undefined;
}

/** Finds the line of a key by text search: JSON.parse keeps no positions, and a manifest is small. */
function locator(source: ManifestSource): Locator {
  const text = source.file ? source.bytes.toString('utf8') : '';
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  return {
    field(path) {
      if (!source.file) return undefined;
      const key = path.split('.').at(-1);
      const at = key ? text.search(new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`)) : -1;
      return { file: source.file, line: at >= 0 ? lineAt(at) : 1 };
    },
    atOffset(offset) {
      if (!source.file) return undefined;
      return { file: source.file, line: offset === undefined ? 1 : lineAt(offset) };
    },
  };
}

function jsonErrorOffset(error: unknown): number | undefined {
  const match = /position (\d+)/.exec((error as Error).message);
  return match ? Number(match[1]) : undefined;
}
