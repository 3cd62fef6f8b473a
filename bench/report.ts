/** Renders the bench's result as Markdown (bench/results/latest.md). */
import type { CostRow } from './costs.ts';
import type { JobRow } from './jobs.ts';
import type { LatencyRow, ModalFailures, Throughput } from './latency.ts';
import type { CpuUse, Memory, Stopped } from './processes.ts';
import { r1, type Stats } from './util.ts';

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  machine: {
    cpus: number;
    cpuModel: string | undefined;
    node: string;
    db: string;
    /** 1-minute load average at the start and at the end of the run (other work shares the machine). */
    loadAverage: { start: number; end: number };
  };
  settings: {
    seconds: number;
    maxTickets: number;
    concurrency: number[];
    rounds: number;
    due: number;
    appCommand: string;
    deskConfig: string;
  };
  processes: { app: number; bare: number; slack: number; load: number; bench: number };
  appStartMs: number;
  claimRegistered: boolean;
  latency: LatencyRow[];
  modalFailuresAt: Record<number, ModalFailures>;
  throughput: Throughput;
  /** The app process alone (kB), idle after start and after the latency and throughput runs. */
  appMemory: { idle: Memory; end: Memory };
  /** The bare Bolt app, for scale. */
  bareMemory: { idle: Memory; end: Memory };
  /** How the desk process ended on SIGTERM after the throughput run. */
  appStop: Stopped;
  /** Where the desk process's output went. */
  appLog: string;
  /** CPU seconds per process during the sections run against the desk process. */
  cpu: Record<string, CpuUse>;
  costs: CostRow[];
  jobs: JobRow[];
}

const mb = (kb: number) => r1(kb / 1024);

function fmt(s: Stats | null): string {
  return s ? `${r1(s.p50)} / ${r1(s.p95)} / ${r1(s.p99)} / ${r1(s.max)}` : 'n/a';
}

export function render(r: BenchResult): string {
  const m = r.machine;
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  p(`# Benchmark (${r.mode}, ${r.startedAt})`, '');
  p(
    `Machine: ${m.cpus} CPU(s) ${m.cpuModel}, Node ${m.node}, database: ${m.db} wire server (its own process).`,
    `Load average (1 min): ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end; the machine is shared, so`,
    'absolute times vary from run to run; compare desk and bare within one run.',
    '',
    '## Set-up',
    '',
    'Six processes, all traffic on 127.0.0.1 (the sixth is the test database, test/harness/mongo.ts):',
    '',
    `- **the service desk** (pid ${r.processes.app}), started as in production: \`${r.settings.appCommand}\` (BENCH_APP_CMD) with`,
    '  SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, PORT, SLACK_API_URL (the stand-in), MONGODB_URI (the test database),',
    `  DESK_CONFIG=${r.settings.deskConfig} (the test harness's organisation config), LOG_LEVEL=warn, JOBS_ENABLED=false;`,
    '  it uses the real clock;',
    `- **a bare Bolt app** (pid ${r.processes.bare}, bench/bare-app.ts) doing the minimum Slack work for the same actions:`,
    '  `/ticket` acks and calls views.open; the intake submission only acks; Claim acks and calls chat.update;',
    `- **the Slack process** (pid ${r.processes.slack}, bench/slack-process.ts): the Web API stand-in that both apps call,`,
    "  and the driver that builds Slack's requests (trigger ids, response URLs, modals, stored cards);",
    `- **the load generator** (pid ${r.processes.load}, bench/load.ts): signs, sends and times every request to the apps;`,
    `- **the bench** (pid ${r.processes.bench}, bench/run.ts): orchestrates and reads the database. For two sections only it`,
    '  also hosts an instance of the desk: database round trips per action (counted through the MongoDB driver; a count,',
    '  not a time) and job run times; both run after the desk process has been stopped.',
    '',
    `The desk process was ready (/readyz 200) ${r1(r.appStartMs / 1000)} s after it was spawned.`,
    '',
  );
  p(
    '## Answer times (ms, round trips timed by the load generator: p50 / p95 / p99 / max; Slack allows 3000)',
    '',
    `Each action runs in rounds (${r.settings.rounds} per size, 20 for one user). A round is a burst of one request per user, all`,
    'at once, to the desk; a wait until the Slack calls it caused have stopped; then the same burst to the bare app, so',
    "the two alternate and never run together. Intake: each round first opens every user's modal (not timed).",
    'Claim: each desk click is on its own unclaimed card; the bare app then gets clicks on the same cards.',
    'Ratios are desk / bare at the same percentile. The desk answers a valid intake submission at once with the form',
    'marked "saving" and turns it into "Ticket … created" once the ticket is stored: the table times the answer, the next',
    'one the confirmation. *Failed*: no HTTP 200, or an intake form that did not end up confirming the ticket.',
    '',
    '| action | users | requests | service desk | bare Bolt | ratio p50 | ratio p95 | ratio p99 | desk ≥ 3 s | bare ≥ 3 s | failed (desk/bare) |',
    '|---|---:|---:|---|---|---:|---:|---:|---:|---:|---|',
  );
  for (const l of r.latency)
    p(
      `| ${l.action} | ${l.users} | ${l.desk.n} | ${fmt(l.desk)} | ${fmt(l.bare)} | ${l.ratioP50 ?? 'n/a'} | ${l.ratioP95 ?? 'n/a'} | ${l.ratioP99 ?? 'n/a'} | ${l.over3s} | ${l.bareOver3s} | ${l.deskFailed}/${l.bareFailed} |`,
    );
  const confirmed = r.latency.filter((l) => l.confirmed);
  if (confirmed.length) {
    p(
      '',
      'Intake, until the form confirmed the stored ticket (ms from sending the submission, p50 / p95 / p99 / max):',
      '',
      '| users | confirmed | service desk |',
      '|---:|---:|---|',
    );
    for (const l of confirmed) p(`| ${l.users} | ${l.confirmed!.n} | ${fmt(l.confirmed!)} |`);
  }
  if (!r.claimRegistered) p('| Claim click | – | – | n/a (no Claim listener) | | | | | | | |');
  p('');
  for (const [c, f] of Object.entries(r.modalFailuresAt))
    if (f.notOpened)
      p(
        `At ${c} users ${f.notOpened} intake modal(s) did not open (views.open: ${[...new Set(f.viewsOpenErrors)].join(', ') || 'no answer in time'}).`,
        '',
      );
  const { idle, end } = r.appMemory;
  p(
    '## Resident memory of the service desk process',
    '',
    `Idle after start: ${mb(idle.rssKb)} MB. After the answer-time and throughput runs: ${mb(end.rssKb)} MB (peak ${mb(end.peakKb)} MB, VmHWM).`,
    `(/proc/<pid>/status of the app process${end.processes > 1 ? ` and its ${end.processes - 1} child process(es)` : ''}; nothing else is counted.)`,
    `For scale, the bare Bolt app (same Node, loaded through tsx too): ${mb(r.bareMemory.idle.rssKb)} MB idle, ${mb(r.bareMemory.end.rssKb)} MB at the end.`,
    '',
    `Its output (LOG_LEVEL=warn): ${r.appLog}.`,
    `On SIGTERM after the runs the desk process exited in ${r1(r.appStop.ms)} ms with code ${r.appStop.code}${r.appStop.signal ? `, signal ${r.appStop.signal}` : ''}${r.appStop.killed ? ' (SIGKILL was needed)' : ''}.`,
    '',
  );
  const tp = r.throughput;
  p(
    `## Tickets opened per second (sustained ${tp.seconds} s, ${tp.workers} users each doing /ticket → modal → submit)`,
    '',
    `Answered: ${tp.perSecond} tickets/s (${tp.opened} opened with the modal closed, ${tp.stored} stored, ${tp.failed} failed).`,
    `Department cards: ${tp.cardsAtEnd} posted when the load stopped; ${
      tp.drainSeconds === null
        ? `${tp.stored - tp.cardsPosted} still missing after waiting ${tp.drainLimit} s`
        : `all ${tp.stored} posted ${tp.drainSeconds} s after the load stopped`
    }. Delivered (ticket with its card): ${tp.deliveredPerSecond} tickets/s from the start of the load to the last card.`,
    '',
  );
  const sections = Object.entries(r.cpu);
  if (sections.length) {
    const names = ['desk', 'bare', 'slack', 'load', 'database', 'bench'];
    p(
      '## CPU seconds per process (2 CPUs shared with other work: a process near wall × 1 was saturated)',
      '',
      `| section | wall (s) | ${names.join(' | ')} |`,
      `|---|---:|${names.map(() => '---:').join('|')}|`,
    );
    for (const [name, c] of sections)
      p(`| ${name} | ${c.wall} | ${names.map((k) => c[k] ?? 'n/a').join(' | ')} |`);
    p('');
  }
  p(
    '## Slack Web API calls and database round trips per action (steady state, in-process desk)',
    '',
    '| action | Slack calls (min) | methods | DB round trips (min) | database commands | note |',
    '|---|---:|---|---:|---|---|',
  );
  for (const c of r.costs)
    p(
      `| ${c.action} | ${c.slackCalls ?? 'n/a'} (${c.minSlack}) | ${c.slackMethods} | ${c.dbRoundTrips ?? 'n/a'} (${c.minDb}) | ${c.dbTrace ?? ''} | ${c.note ?? ''} |`,
    );
  p(
    '',
    `## Job run time with N stored tickets (${r.settings.due} due per job; 20% of the rest open but not due, 80% closed; in-process desk)`,
    '',
    '| stored | seeding (s, cumulative step) | job | run (ms) | planned | sent | documents read |',
    '|---:|---:|---|---:|---:|---:|---:|',
  );
  for (const j of r.jobs)
    p(
      `| ${j.stored} | ${j.seedSeconds} | ${j.job} | ${j.ms ?? 'n/a'} | ${j.planned ?? 'n/a'} | ${j.delivered ?? 'n/a'} | ${j.docsRead ?? 'n/a'} |`,
    );
  p('', `Finished ${r.finishedAt}.`);
  return out.join('\n');
}
