/**
 * `npm run demo`: the action's main job, end to end, on this machine. Starts the Foundry, GitHub and
 * Forge simulations on 127.0.0.1, publishes a GitHub release of a module, and runs the bundled
 * dist/index.js exactly as the runner would for `on: release`, with a Forge reset from a world zip.
 * Prints the action's log, its job summary and what each simulated API received.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  FOUNDRY_TOKEN,
  publishRelease,
  releasePublishedEvent,
  runAgainst,
  startApis,
} from '../__tests__/e2e/harness.js';
import { writeWorldZip } from '../__tests__/fixtures/world-zip.js';
import { summaryAsText } from './summary-text.js';

const rule = (title: string) =>
  console.log(`\n${'─'.repeat(8)} ${title} ${'─'.repeat(Math.max(4, 70 - title.length))}`);

const apis = await startApis();
try {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'fvtt-release-demo-'));
  await writeWorldZip(path.join(workspace, 'build/demo-world.zip'), { id: 'demo-world' });
  apis.forge.addWorld('demo-world');
  apis.forge.game().playersLoggedIn = 0;
  const release = publishRelease(apis, '1.4.0');

  rule('Workflow');
  console.log(`on: release (published ${release.tag_name} of ${apis.github.owner}/${apis.github.repo})
uses: ./ (dist/index.js) with:
  token: \${{ secrets.FOUNDRY_RELEASE_TOKEN }}
  forge-reset: true
  forge-api-key: \${{ secrets.FORGE_API_KEY }}
  forge-world: demo-world
  forge-world-zip: build/demo-world.zip
Simulations: Foundry ${apis.foundry.endpoint}
             GitHub  ${apis.github.url}
             Forge   ${apis.forge.url}`);

  const result = await runAgainst(apis, {
    event: releasePublishedEvent(release),
    workspace,
    inputs: {
      token: FOUNDRY_TOKEN,
      'forge-reset': 'true',
      'forge-api-key': apis.forge.apiKey,
      'forge-world': 'demo-world',
      'forge-world-zip': 'build/demo-world.zip',
    },
  });

  rule('Action log (as the runner shows it)');
  console.log(result.visibleLog.trim());
  if (result.stderr.trim()) console.log(result.stderr.trim());
  rule('Outputs');
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name} = ${value}`);
  rule('Job summary');
  console.log(summaryAsText(result.summary));
  rule('What the simulated APIs received');
  for (const request of apis.foundry.releaseRequests) {
    console.log(`Foundry  POST ${new URL(apis.foundry.endpoint).pathname} ${JSON.stringify(request.json)}`);
  }
  for (const call of apis.forge.calls) console.log(`Forge    ${call}`);
  console.log(
    `\nForge game is now '${apis.forge.game().state}', launching into '${apis.forge.game().world}'.`,
  );
  console.log(`Action exit code: ${result.exitCode}`);
  process.exitCode = result.exitCode ?? 1;
} finally {
  await apis.stop();
}
