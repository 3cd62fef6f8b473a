/**
 * The bench's child processes: start, wait until ready, read resident memory, and stop them all —
 * on success, on failure, on SIGINT/SIGTERM and (through a small reaper process that outlives the
 * bench by at most a few seconds) when the bench itself is killed. Every child gets SIGTERM, then
 * SIGKILL after a grace period; nothing is stopped by name, only by the ids started here.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { log, sleep } from './util.ts';

const GRACE_MS = 5_000;

/**
 * Kills the processes it is told about when its stdin closes, i.e. when the bench exits for any
 * reason, SIGKILL included. One id per line on stdin: a pid, or a negative number for a process
 * group; `forget <id>` drops one. Plain JavaScript: no tsx start-up.
 */
const REAPER = `
const ids = new Set(); let buf = '';
process.on('SIGINT', () => {}); process.on('SIGTERM', () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d; let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const l = buf.slice(0, i).trim(); buf = buf.slice(i + 1);
    if (l.startsWith('forget ')) ids.delete(Number(l.slice(7))); else if (l) ids.add(Number(l));
  }
});
const alive = (id) => { try { process.kill(id, 0); return true; } catch { return false; } };
const kill = (id, sig) => { try { process.kill(id, sig); } catch {} };
process.stdin.on('end', () => {
  for (const id of ids) kill(id, 'SIGTERM');
  const until = Date.now() + ${GRACE_MS};
  const tick = setInterval(() => {
    const left = [...ids].filter(alive);
    if (left.length === 0 || Date.now() > until) {
      for (const id of left) kill(id, 'SIGKILL');
      clearInterval(tick); process.exit(0);
    }
  }, 100);
});
`;

const children = new Set<ChildProcess>();
/** Children started as the leader of their own process group (a command that may wrap others). */
const groups = new WeakSet<ChildProcess>();
const stopping = new Set<ChildProcess>();
let reaper: ChildProcess | undefined;

const toReaper = (line: string) => {
  if (reaper?.stdin?.writable) reaper.stdin.write(`${line}\n`);
};

function track(child: ChildProcess, name: string, group = false): ChildProcess {
  children.add(child);
  if (group) groups.add(child);
  if (child.pid) toReaper(String(group ? -child.pid : child.pid));
  child.once('exit', (code, signal) => {
    children.delete(child);
    // A group may outlive its leader: it stays with the reaper until stopChild has emptied it.
    if (child.pid && !group) toReaper(`forget ${child.pid}`);
    if (!stopping.has(child)) log(`${name} (pid ${child.pid}) exited: code ${code}, signal ${signal}`);
  });
  return child;
}

export interface Stopped {
  code: number | null;
  signal: string | null;
  /** From SIGTERM to exit. */
  ms: number;
  /** SIGKILL was needed. */
  killed: boolean;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. A process group
 * (spawnCommand) is signalled as a whole and waited for until it is empty.
 */
export async function stopChild(child: ChildProcess, graceMs = GRACE_MS): Promise<Stopped> {
  const pid = child.pid;
  const group = groups.has(child) && pid !== undefined;
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (group) process.kill(-pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  const started = performance.now();
  let killed = false;
  const deadline = Date.now() + graceMs;
  let stopped: Stopped = { code: child.exitCode, signal: child.signalCode, ms: 0, killed: false };
  if (child.exitCode === null && child.signalCode === null) {
    stopping.add(child);
    const exited = new Promise<Stopped>((r) =>
      child.once('exit', (code, sig) => r({ code, signal: sig, ms: performance.now() - started, killed })),
    );
    signal('SIGTERM');
    const timer = setTimeout(() => {
      killed = true;
      signal('SIGKILL');
    }, graceMs);
    stopped = await exited;
    clearTimeout(timer);
  }
  if (group) {
    if (groupAlive(pid)) signal('SIGTERM');
    while (groupAlive(pid) && Date.now() < deadline) await sleep(50);
    if (groupAlive(pid)) signal('SIGKILL');
    toReaper(`forget ${-pid}`);
  }
  return stopped;
}

/** Stops every child still running (in parallel, bounded by the grace period) and the reaper. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
  reaper?.stdin?.end();
}

/**
 * Starts the reaper and makes SIGINT/SIGTERM and an overall time limit stop every child before the
 * bench exits (exit code 130 on a signal, 124 on the time limit).
 */
export function installCleanup(timeLimitMs: number): void {
  reaper = spawn(process.execPath, ['-e', REAPER], { stdio: ['pipe', 'ignore', 'inherit'], detached: true });
  reaper.unref();
  const bail = (why: string, code: number) => {
    log(`${why}: stopping the child processes`);
    void stopAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bail('SIGINT', 130));
  process.once('SIGTERM', () => bail('SIGTERM', 143));
  setTimeout(
    () => bail(`time limit of ${Math.round(timeLimitMs / 1000)} s reached`, 124),
    timeLimitMs,
  ).unref();
}

const ECHOED_LINES = 20;

/**
 * Output of a child: every line to `logFile` when given, the first ECHOED_LINES to stderr (prefixed),
 * then a count; the last lines are kept for error messages.
 */
function relayOutput(child: ChildProcess, name: string, logFile?: string): () => string {
  const tail: string[] = [];
  const file = logFile ? createWriteStream(logFile) : undefined;
  let lines = 0;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      file?.write(`${line}\n`);
      if (++lines <= ECHOED_LINES) process.stderr.write(`[${name}] ${line}\n`);
      else if (lines === ECHOED_LINES + 1)
        process.stderr.write(`[${name}] … further lines only in ${logFile ?? '(nowhere)'}\n`);
    });
  }
  child.once('exit', () => {
    if (lines > ECHOED_LINES) log(`${name} wrote ${lines} log lines (${logFile ?? 'not kept'})`);
    file?.end();
  });
  return () => tail.join('\n');
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  tail(): string;
}

/** Spawns a command (argv, no shell) in `cwd` with extra environment variables. */
export function spawnCommand(
  name: string,
  argv: string[],
  env: Record<string, string>,
  cwd: string,
  logFile?: string,
): Spawned {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error(`${name}: empty command`);
  // Its own process group, so that a wrapper command (npm, npx, sh) is stopped with what it started.
  const child = track(
    spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    }),
    name,
    true,
  );
  if (!child.pid) throw new Error(`${name}: could not start ${argv.join(' ')}`);
  return { child, pid: child.pid, tail: relayOutput(child, name, logFile) };
}

/**
 * Forks a bench script (TypeScript through tsx) with an IPC channel; resolves with the child once
 * it has sent its first message (`{ type: 'ready', … }`), which is returned too.
 */
export async function forkScript<T>(
  name: string,
  script: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ child: ChildProcess; ready: T }> {
  const child = track(
    fork(script, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
    name,
  );
  const ready = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (m: T) => {
      clearTimeout(timer);
      resolve(m);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${name} exited before it was ready (${code})`)));
  });
  child.removeAllListeners('error');
  return { child, ready };
}

/** Polls `url` with GET until it answers `status` (any HTTP answer when undefined). */
export async function waitForHttp(
  url: string,
  opts: { status?: number; timeoutMs: number; child: ChildProcess; what: string; tail?: () => string },
): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (opts.child.exitCode !== null || opts.child.signalCode !== null)
      throw new Error(`${opts.what} exited during start-up\n${opts.tail?.() ?? ''}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (opts.status === undefined || res.status === opts.status) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `${opts.what} did not answer ${url} within ${opts.timeoutMs} ms\n${opts.tail?.() ?? ''}`,
      );
    await sleep(100);
  }
}

export interface Memory {
  /** Resident set size now (kB), summed over the process and its descendants. */
  rssKb: number;
  /** Peak resident set size (VmHWM, kB), summed likewise. */
  peakKb: number;
  processes: number;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    let kids = '';
    try {
      kids = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const k of kids.split(/\s+/).filter(Boolean)) out.push(Number(k), ...descendants(Number(k)));
  }
  return out;
}

/**
 * Resident memory of one process (Linux /proc). When the command is a wrapper (npm, sh), its
 * descendants are added, so the figure is the app's and nothing else's.
 */
export function memoryOf(pid: number): Memory {
  const pids = [pid, ...descendants(pid)];
  let rssKb = 0;
  let peakKb = 0;
  for (const p of pids) {
    try {
      rssKb += statusKb(p, 'VmRSS');
      peakKb += statusKb(p, 'VmHWM');
    } catch {
      // exited in between
    }
  }
  return { rssKb, peakKb, processes: pids.length };
}

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux (getconf CLK_TCK)

/** CPU seconds (user + system) a process has used so far, its descendants included; 0 once gone. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** The first descendant of this process whose command line contains `text`. */
export function findDescendant(text: string): number | undefined {
  for (const p of descendants(process.pid)) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text)) return p;
    } catch {
      // exited
    }
  }
  return undefined;
}

export type CpuUse = Record<string, number>;

/** CPU seconds used so far by each named process (`bench`: this process, without its children). */
export function cpuSnapshot(pids: Record<string, number | undefined>): CpuUse {
  const out: CpuUse = {};
  for (const [name, pid] of Object.entries(pids)) if (pid) out[name] = cpuSeconds(pid);
  const own = process.cpuUsage();
  out.bench = (own.user + own.system) / 1e6;
  return out;
}

/** CPU seconds each process used between two snapshots, plus the wall time (`wall`). */
export function cpuBetween(a: CpuUse, b: CpuUse, wallSeconds: number): CpuUse {
  const out: CpuUse = { wall: wallSeconds };
  for (const k of Object.keys(b)) out[k] = Math.round(((b[k] ?? 0) - (a[k] ?? 0)) * 10) / 10;
  return out;
}
