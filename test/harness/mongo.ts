// Provisions a MongoDB server for the test suite (see docs: architecture.md, "Databases").
// Order: MONGODB_URI when set; else the Java wire-protocol server in ./mongo-server when
// `java` and `mvn` are on the PATH; else mongodb-memory-server-core (optional dependency).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface TestMongo {
  /** Server URI without a database name, e.g. `mongodb://127.0.0.1:40123`. */
  uri: string;
  kind: 'external' | 'java' | 'memory-server';
  stop(): Promise<void>;
}

const SERVER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'mongo-server');
const TARGET = path.join(SERVER_DIR, 'target');
const BUILD_STAMP = path.join(TARGET, '.build-stamp');
const START_TIMEOUT_MS = 30_000;
const BUILD_TIMEOUT_MS = 300_000;

export async function startTestMongo(): Promise<TestMongo> {
  const external = process.env.MONGODB_URI;
  if (external) return { uri: setDatabase(external, ''), kind: 'external', stop: async () => {} };
  if (onPath('java') && onPath('mvn')) return startJava();
  return startMemoryServer();
}

/** URI of a per-test-file database: `<base>/<sanitised name>_<random>`, options kept. */
export function testDatabaseUri(baseUri: string, name: string): string {
  const safe =
    name
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .slice(0, 38) || 'test';
  return setDatabase(baseUri, `${safe}_${randomBytes(3).toString('hex')}`);
}

/**
 * Replaces the database path of a mongodb:// or mongodb+srv:// URI ('' removes it), keeping
 * the options. With credentials, authSource is pinned first: it defaults to the path database,
 * so changing that would otherwise change where the user authenticates.
 */
function setDatabase(uri: string, db: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/)([^/?]+)(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri.trim());
  if (!m) throw new Error('MONGODB_URI / base URI is not a mongodb:// or mongodb+srv:// URI');
  const [, scheme, hosts, oldDb = '', query = ''] = m;
  const options = query.split('&').filter(Boolean);
  if (hosts.includes('@') && !options.some((o) => /^authsource=/i.test(o))) {
    options.push(`authSource=${oldDb || 'admin'}`);
  }
  return `${scheme}${hosts}${db ? `/${db}` : ''}${options.length ? `?${options.join('&')}` : ''}`;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

// ---- Java launcher ----------------------------------------------------------------------

async function startJava(): Promise<TestMongo> {
  await buildIfStale();
  const classpath = [path.join(TARGET, 'classes'), path.join(TARGET, 'lib', '*')].join(path.delimiter);
  // stdin stays an open pipe: the server exits when it closes, i.e. when this process dies.
  const child = spawn('java', ['-cp', classpath, 'desk.testserver.Main', '0'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const port = await waitForListening(child);
  return { uri: `mongodb://127.0.0.1:${port}`, kind: 'java', stop: () => stopChild(child) };
}

/** Builds with Maven when target/ is missing or older than pom.xml / src (offline first). */
async function buildIfStale(): Promise<void> {
  const sources = newestMtime([path.join(SERVER_DIR, 'pom.xml'), path.join(SERVER_DIR, 'src')]);
  const built = existsSync(path.join(TARGET, 'lib'))
    ? newestMtime([path.join(TARGET, 'classes'), BUILD_STAMP])
    : 0;
  if (built >= sources) return;

  const args = ['-q', '-B', '-f', path.join(SERVER_DIR, 'pom.xml'), 'package', '-DskipTests'];
  const mvn = (extra: string[]) =>
    promisify(execFile)('mvn', [...extra, ...args], { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 << 20 });
  try {
    await mvn(['-o']);
  } catch {
    try {
      await mvn([]); // offline fails when ~/.m2 lacks the artifacts
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().slice(-4000);
      throw new Error(`Building the test MongoDB server with Maven failed: ${e.message}\n${output}`);
    }
  }
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const stat = statSync(p);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) {
      newest = Math.max(newest, newestMtime(readdirSync(p).map((name) => path.join(p, name))));
    }
  }
  return newest;
}

/** Resolves with the port from the `LISTENING <port>` line; rejects on exit or timeout. */
function waitForListening(child: ChildProcess): Promise<number> {
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Test MongoDB server (java) ${reason}.\nstderr:\n${stderr.trim() || '(empty)'}`));
    };
    const timer = setTimeout(
      () => fail(`did not print LISTENING within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    child.once('error', (error) => fail(`could not be started: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited before listening (code ${code}, signal ${signal})`));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(Number(match[1]));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

// ---- mongodb-memory-server fallback -----------------------------------------------------

interface MemoryServerModule {
  MongoMemoryServer: { create(): Promise<{ getUri(): string; stop(): Promise<unknown> }> };
}

async function startMemoryServer(): Promise<TestMongo> {
  const moduleName: string = 'mongodb-memory-server-core'; // a variable: compiles without the package
  let mod: MemoryServerModule;
  try {
    mod = (await import(moduleName)) as MemoryServerModule;
  } catch (error) {
    throw new Error(
      'No MongoDB for tests: MONGODB_URI is not set, java/mvn are not both on the PATH, and ' +
        `${moduleName} cannot be loaded (${(error as Error).message}). ` +
        'Set MONGODB_URI, install Java 17 + Maven, or npm install -D mongodb-memory-server-core.',
    );
  }
  const server = await mod.MongoMemoryServer.create().catch((error: Error) => {
    throw new Error(
      `${moduleName} could not start mongod (${error.message.trim()}). Set MONGODB_URI or install Java 17 + Maven.`,
    );
  });
  return {
    uri: setDatabase(server.getUri(), ''),
    kind: 'memory-server',
    stop: async () => {
      await server.stop();
    },
  };
}
