import { afterEach, beforeEach } from 'vitest';
import { startApis, type Apis } from './harness.js';

/**
 * The simulations of the test that is running, in a file that called useFreshApis(). A live binding: each
 * test file that imports it sees the value set for its current test (vitest gives each file its own module).
 */
export let apis: Apis;

/** Fresh Foundry, GitHub and Forge simulations for every test of the calling file, stopped after it. */
export function useFreshApis(): void {
  beforeEach(async () => {
    apis = await startApis();
  });
  afterEach(async () => {
    await apis.stop();
  });
}
