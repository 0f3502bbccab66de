import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // End-to-end tests spawn the bundle against in-process servers; give them room on a 2-core runner.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
