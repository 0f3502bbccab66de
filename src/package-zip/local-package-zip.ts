import { openZipFile } from '../zip/zip-entries.js';
import { readZipManifest, type ZipContents } from './package-zip-check.js';

/**
 * A package zip on disk (`fvtt-release check <zip>`, or `package-zip` on a pull request): its manifest and
 * its entries, read with no network. `label` names it in messages (already made safe to show).
 */
export function readLocalPackageZip(file: string, label: string): Promise<ZipContents> {
  return readZipManifest(label, () => openZipFile(file));
}
