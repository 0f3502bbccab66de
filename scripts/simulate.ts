/**
 * `npm run sim -- <env-file>`: starts the Foundry, GitHub and Forge simulations with the demo's data and
 * keeps them running until killed. Writes the URLs and secrets a workflow needs (FOUNDRY_API_URL,
 * FOUNDRY_TOKEN, FORGE_API_URL, FORGE_API_KEY, GITHUB_SIM_URL) to <env-file> (e.g. $GITHUB_ENV), plus
 * a world zip and a module.json in the current directory. CI uses this to run the action with `uses: ./`.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { FOUNDRY_TOKEN, moduleManifest, PACKAGE_ID, startApis } from '../__tests__/e2e/harness.js';
import { writeWorldZip } from '../__tests__/fixtures/world-zip.js';

const envFile = process.argv[2];
const apis = await startApis();
apis.forge.addWorld('demo-world');
apis.forge.bazaar.set('demo-world', ['1.0.0']);
await writeWorldZip('sim-demo-world.zip', { id: 'demo-world' });
await writeFile('sim-module.json', moduleManifest(apis, '1.0.0'));

const env = {
  FOUNDRY_API_URL: apis.foundry.endpoint,
  FOUNDRY_TOKEN,
  FOUNDRY_PACKAGE_ID: PACKAGE_ID,
  FORGE_API_URL: apis.forge.url,
  FORGE_API_KEY: apis.forge.apiKey,
  GITHUB_SIM_URL: apis.github.url,
};
const lines =
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n') + '\n';
if (envFile) await appendFile(envFile, lines);
console.log(lines);
console.log('Simulations running; stop with Ctrl-C.');

const stop = async () => {
  await apis.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
