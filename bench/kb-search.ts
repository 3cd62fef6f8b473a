/**
 * `npm run bench:kb`: knowledge base search time over 10,000 answers (issue 14). Starts the test
 * MongoDB (MONGODB_URI when set, else the wire test server or mongodb-memory-server, as the tests
 * do), stores 10k generated bilingual answers with their search tokens, then times `/ticket kb`
 * searches (candidates by the indexed token array, scored and ranked in code) and prints the
 * median, p90 and worst times per kind of query. Standalone: it does not start the app or Slack.
 */
import mongoose from 'mongoose';
import { loadDeskConfig } from '../src/config/desk-config.ts';
import type { Desk } from '../src/context.ts';
import { createModels, ensureIndexes } from '../src/db/models/index.ts';
import { answerTokens, rankAnswers, scoreAnswer } from '../src/domain/kb.ts';
import { searchAnswers } from '../src/kb/answers.ts';
import { startTestMongo, testDatabaseUri } from '../test/harness/mongo.ts';

const N = Number(process.env.KB_BENCH_ANSWERS ?? 10_000);
const RUNS = Number(process.env.KB_BENCH_RUNS ?? 30);

const ZH = [
  '支付',
  '失败',
  '优惠券',
  '无效',
  '退款',
  '到账',
  '物流',
  '延迟',
  '发票',
  '开具',
  '登录',
  '密码',
  '会员',
  '积分',
  '订单',
  '取消',
  '地址',
  '修改',
  '投诉',
  '客服',
  '扫码枪',
  '打印机',
  '门店',
  '配送',
];
const EN = [
  'payment',
  'failed',
  'coupon',
  'invalid',
  'refund',
  'status',
  'delivery',
  'late',
  'invoice',
  'login',
  'password',
  'member',
  'points',
  'order',
  'cancel',
  'address',
  'change',
  'complaint',
  'printer',
  'store',
  'warranty',
  'card',
  'app',
  'crash',
];

let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(xs: readonly T[], n: number): T[] =>
  Array.from({ length: n }, () => xs[Math.floor(rand() * xs.length)]!);

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p90: at(0.9), max: s.at(-1)! };
}

const mongo = await startTestMongo();
const uri = testDatabaseUri(mongo.uri, 'kb_bench');
const conn = await mongoose.createConnection(uri).asPromise();
try {
  const config = loadDeskConfig(process.env.DESK_CONFIG ?? 'config/example.yml');
  const models = createModels(conn);
  await ensureIndexes(models);
  const now = new Date();
  const desk = { config, models, clock: { now: () => now } } as unknown as Desk;
  const categories = config.categories;

  const started = performance.now();
  const docs = Array.from({ length: N }, (_, i) => {
    const cat = categories[i % categories.length]!;
    const question = `${pick(ZH, 3).join('')} ${pick(EN, 3).join(' ')} ${i}`;
    const body = `${pick(ZH, 12).join('，')}。 ${pick(EN, 15).join(' ')}.`;
    const keywords = [...pick(ZH, 2), ...pick(EN, 1)];
    const a = { question, phrasings: [pick(ZH, 4).join('')], body, steps: [], keywords };
    return {
      ...a,
      key: `bench:${i}`,
      categoryId: cat.id,
      departmentId: cat.department,
      languages: ['zh-CN', 'en'],
      status: i % 10 === 0 ? 'draft' : i % 25 === 0 ? 'retired' : 'published',
      uses: Math.floor(rand() * 50),
      createdBy: 'bench',
      tokens: answerTokens({ ...a, categoryName: `${cat.name.en} ${cat.name['zh-CN']}` }),
      updatedAt: new Date(now.getTime() - Math.floor(rand() * 400) * 86_400_000),
    };
  });
  for (let i = 0; i < docs.length; i += 1000) await models.KbAnswer.insertMany(docs.slice(i, i + 1000));
  console.log(`stored ${N} answers in ${Math.round(performance.now() - started)} ms (${mongo.kind} MongoDB)`);

  const kinds: Record<string, () => string> = {
    'one Chinese word': () => pick(ZH, 1)[0]!,
    'Chinese sentence': () => `${pick(ZH, 3).join('')}怎么办`,
    'one English word': () => pick(EN, 1)[0]!,
    'English sentence': () => `my ${pick(EN, 3).join(' ')} again`,
    'no match': () => 'zzqx 罕见词汇',
  };
  console.log('\nquery kind            median ms   p90 ms   max ms   results');
  for (const [kind, make] of Object.entries(kinds)) {
    const times: number[] = [];
    let results = 0;
    for (let r = 0; r < RUNS; r++) {
      const q = make();
      const t0 = performance.now();
      const hits = await searchAnswers(desk, q, { drafts: r % 2 === 0 });
      times.push(performance.now() - t0);
      results += hits.length;
    }
    const s = stats(times);
    console.log(
      `${kind.padEnd(20)} ${s.median.toFixed(1).padStart(10)} ${s.p90.toFixed(1).padStart(8)} ${s.max.toFixed(1).padStart(8)} ${Math.round(
        results / RUNS,
      )
        .toString()
        .padStart(9)}`,
    );
  }
  // The part done in code: scoring and ranking the candidates (the rest is the database's).
  const candidates = await models.KbAnswer.find({ status: 'published' }, { tokens: 0 }).limit(5000).lean();
  const t0 = performance.now();
  for (let r = 0; r < 10; r++)
    rankAnswers(
      candidates.map((c) => ({
        answer: { status: c.status as 'published', uses: c.uses ?? 0, updatedAt: c.updatedAt as Date },
        scored: scoreAnswer(
          `${pick(ZH, 2).join('')} ${pick(EN, 2).join(' ')}`,
          { ...c, uses: c.uses ?? 0, updatedAt: c.updatedAt as Date },
          now,
        ),
      })),
    );
  console.log(
    `\nscoring and ranking ${candidates.length} candidates in code: ${((performance.now() - t0) / 10).toFixed(1)} ms`,
  );
  console.log(
    'The rest of each search is the database fetching the candidates by the indexed token array; the wire test server scans the collection instead of using the index, so its times are an upper bound.',
  );
} finally {
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
  await mongo.stop();
}
