/**
 * `npm run bundle`: bundles each entry below into dist/ with @vercel/ncc, from an empty dist/ (ncc does not
 * delete chunks a previous build left), and writes dist/licenses.txt for every package the bundles hold.
 * Deterministic: the same sources give the same bytes (`.ci/run` fails when the committed dist/ differs).
 *
 * Dynamic `import()` in src/ becomes a chunk beside its entry, `<id>.<entry file>` (216.index.js, 216.cli.js),
 * loaded only when that step runs. undici is replaced by scripts/stubs/undici.ts (tsconfig.json `paths`).
 */
import ncc from '@vercel/ncc';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One line per bundle: its source entry, its file in dist/, and its mode (the CLI runs as `npx …`). */
const ENTRIES = [
  { entry: 'src/action/index.ts', file: 'index.js', mode: 0o644 },
  // The CLI's launcher turns on Node's compile cache, then imports the CLI's own bundle (src/cli/index.ts).
  { entry: 'src/cli/index.ts', file: 'cli.js', mode: 0o755 },
  { entry: 'src/cli/cli-main.ts', file: 'cli-main.js', mode: 0o644 },
];

const DIST = 'dist';
rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST);

const packages = new Set();
for (const { entry, file, mode } of ENTRIES) {
  const { code, assets, stats } = await ncc(path.resolve(entry), {
    filename: file,
    minify: true,
    target: 'es2022',
    cache: false,
    quiet: true,
  });
  writeFileSync(path.join(DIST, file), code, { mode });
  chmodSync(path.join(DIST, file), mode);
  for (const [name, asset] of Object.entries(assets)) writeFileSync(path.join(DIST, name), asset.source);
  for (const module of stats.toJson({ modules: true }).modules ?? []) {
    for (const name of packageNames(module)) packages.add(name);
  }
}
writeFileSync(path.join(DIST, 'licenses.txt'), licenses([...packages].sort()));

/** The npm packages a bundled module comes from (concatenated modules hold several). */
function packageNames(module) {
  const names = [module.nameForCondition ?? module.name ?? '', ...(module.modules ?? []).map((m) => m.name)];
  return names.flatMap((name) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(name ?? '');
    return match ? [match[1]] : [];
  });
}

/** ncc's own format (name, licence, text), which it writes only for the packages of its async chunks. */
function licenses(names) {
  return names
    .map((name) => {
      const dir = path.join('node_modules', name);
      const { license } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']
        .map((f) => path.join(dir, f))
        .find((f) => {
          try {
            return readFileSync(f);
          } catch {
            return false;
          }
        });
      return `${name}\n${license}\n${file ? readFileSync(file, 'utf8').trim() : ''}\n`;
    })
    .join('\n');
}
