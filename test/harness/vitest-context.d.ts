// Values handed from test/harness/global-setup.ts to test files through inject().
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** MongoDB server URI without a database name. */
    mongoUri: string;
  }
}
