/**
 * `npm run local-action [env-file]`: runs the action's TypeScript (src/action/run-action.ts) with @github/local-action,
 * using the inputs in env-file (default .env, made from .env.example on the first run), against the Foundry,
 * GitHub and Forge simulations started here on the ports .env.example names. Seeds release v1.0.0 and a
 * demo world zip.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync } from 'node:fs';
import { publishRelease, startApis } from '../__tests__/e2e/harness.js';
import { writeWorldZip } from '../__tests__/fixtures/world-zip.js';

const apis = await startApis({ foundry: 8711, github: 8712, storage: 8713, forge: 8714 });
try {
  publishRelease(apis, '1.0.0');
  // .env.example's key, which a person edits by hand: a plain string, which the key-expiry check lets be.
  apis.forge.apiKey = 'forge-key-0123456789';
  apis.forge.addWorld('demo-world');
  await writeWorldZip('.local-action/demo-world.zip', { id: 'demo-world' });
  const envFile = process.argv[2] ?? '.env';
  if (!existsSync(envFile)) {
    copyFileSync('.env.example', envFile);
    console.log(`Created ${envFile} from .env.example.`);
  }
  // Asynchronous: the simulations answer from this process's event loop.
  const child = spawn('npx', ['local-action', '.', 'src/action/run-action.ts', envFile], {
    stdio: 'inherit',
  });
  const [status] = (await once(child, 'close')) as [number | null];
  console.log(
    `\nFoundry received ${apis.foundry.releaseRequests.length} release request(s); the Forge ${apis.forge.calls.length} call(s).`,
  );
  process.exitCode = status ?? 1;
} finally {
  await apis.stop();
}
