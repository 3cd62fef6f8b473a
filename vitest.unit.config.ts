/**
 * The fast unit tests only (pure rules and block builders: no database, no app, no Slack
 * stand-in). Used by mutation testing (`npm run mutation`, stryker.config.mjs); `npm test`
 * runs them too, through vitest.config.ts.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: ['test/unit/errors.test.ts'], // needs mongoose and a refused connection: not a pure rule
    testTimeout: 30_000,
    pool: 'forks',
  },
});
