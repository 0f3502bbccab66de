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
import { parse } from 'acorn';
import { minify } from 'terser';

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
    // Minified below instead: ncc's own minify leaves code no run can reach (see shrink).
    minify: false,
    target: 'es2022',
    cache: false,
    quiet: true,
  });
  writeFileSync(path.join(DIST, file), await shrink(code), { mode });
  chmodSync(path.join(DIST, file), mode);
  for (const [name, asset] of Object.entries(assets)) {
    const source = name.endsWith('.js') ? await shrink(asset.source.toString()) : asset.source;
    writeFileSync(path.join(DIST, name), source);
  }
  for (const module of stats.toJson({ modules: true }).modules ?? []) {
    for (const name of packageNames(module)) packages.add(name);
  }
}
writeFileSync(path.join(DIST, 'licenses.txt'), licenses([...packages].sort()));

/**
 * Minifies one bundle or chunk with terser, dead code removed. ncc's `minify` runs terser with `compress:
 * false` and only on the entry, so every export of a package stayed in the bundle whether used or not
 * (zod/mini's 170 schema kinds for the 17 we call: 96 of index.js's 204 KiB), and Node compiled all of it at
 * start-up. Compressing drops what nothing references (zod marks its constructors pure), and the chunks are
 * minified too. Names of functions and classes are kept, as ncc kept them: error names and stack traces
 * stay readable. README, Performance, gives the measured effect.
 */
async function shrink(code) {
  const result = await minify(code, {
    module: true,
    // Names kept through compression too (inlining drops a function's own), as ncc kept them.
    compress: { passes: 2, keep_fnames: true, keep_classnames: true },
    mangle: { keep_classnames: true, keep_fnames: true },
    format: { comments: false },
  });
  if (result.code === undefined) throw new Error('terser returned no code');
  return compiledEagerly(result.code);
}

/**
 * Puts back the parentheses webpack writes around each module's function and terser drops. V8 compiles a
 * parenthesised function at once, as it will be called at once (each module's function runs when the bundle
 * or chunk loads); without them it pre-parses the function, then parses it again when it runs. Measured on a
 * release run under Node 24: about 2 ms of 68. The module table is the object of numbered functions declared
 * at the top of each file (`var t={218:(e,t,n)=>{…},…}` in a bundle, `modules={…}` in a chunk).
 */
function compiledEagerly(code) {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  const declarations = program.body.flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    return declaration?.type === 'VariableDeclaration' ? declaration.declarations : [];
  });
  const factories = declarations
    .map((declarator) => declarator.init)
    .filter(
      (init) =>
        init?.type === 'ObjectExpression' &&
        init.properties.length > 0 &&
        init.properties.every(
          (p) =>
            p.type === 'Property' &&
            p.kind === 'init' &&
            !p.method &&
            !p.computed &&
            typeof p.key.value === 'number' &&
            ['ArrowFunctionExpression', 'FunctionExpression'].includes(p.value.type),
        ),
    )
    .flatMap((table) => table.properties.map((property) => property.value));
  if (factories.length === 0) throw new Error('no module table found: has ncc changed its output?');
  let wrapped = code;
  for (const factory of factories.sort((a, b) => b.start - a.start)) {
    wrapped = `${wrapped.slice(0, factory.start)}(${wrapped.slice(factory.start, factory.end)})${wrapped.slice(factory.end)}`;
  }
  // Parsed again: a wrapping in the wrong place fails the build, not a user's run.
  parse(wrapped, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  return wrapped;
}

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
