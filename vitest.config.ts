import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests live beside each concern in src/ and in test/ (integration, browser).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
