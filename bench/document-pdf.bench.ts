// Time and size of an enforcement document: `npx tsx bench/document-pdf.bench.ts [out-dir]`.
// Renders a 行政处罚决定书 (the art. 59 content: party, facts and evidence, the penalty and its
// basis, how and by when to pay, the ways of appeal, agency and date; two officers; an evidence
// table) with the shared renderer: the first, cold render (fonts read and parsed), one warm-up,
// then 30 timed warm renders (p50/p95/max). Aim: p95 ≤ 300 ms warm (issue 13). The seal is the
// placeholder (draws, does not sign): add the agency seal's signing time once core/seal is wired.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderDocumentPdf } from '../api/documents/document-pdf.js';
import { createUnsignedSeal } from '../api/documents/unsigned-seal.js';
import { testDecisionTemplate } from '../tests/support/test-document-template.js';

const RUNS = 30;
const AGENCY = '金华市婺城区卫生健康局';
const template = testDecisionTemplate();
const fields = template.fields.parse({
  party: '婺城区人民医院（统一社会信用代码 12330702MB1234567）',
  address: '金华市婺城区人民路 100 号',
  facts:
    '2026年11月18日至11月25日，你单位消毒供应室未按《医疗机构消毒技术规范》对重复使用的诊疗器械进行清洗、消毒，非现场监管设备记录的视频片段、现场笔录、询问笔录及消毒记录等证据证实上述事实。你单位的行为违反了《中华人民共和国传染病防治法》第五十一条第一款的规定。',
  fineYuan: 20000,
  items: Array.from({ length: 12 }, (_, i) => ({ name: `证据${i + 1}：非现场监管视频片段（设备 后厨-0${(i % 4) + 1}，${8 + i}:00–${8 + i}:05）`, quantity: '1 段' })),
  officers: [
    { name: '张伟', certificateNo: '浙卫执 33070200123' },
    { name: '李强', certificateNo: '浙卫执 33070200456' },
  ],
});

async function render(at: Date) {
  return renderDocumentPdf({
    agencyId: 'bench',
    agencyName: AGENCY,
    number: '婺卫医罚〔2026〕12号',
    title: template.title,
    blocks: template.body(fields, { agencyName: AGENCY, number: '婺卫医罚〔2026〕12号', issuedAt: at }),
    verifyUrl: 'https://vigil.example.gov.cn/verify/abcdefghjkmnpqrstvwx',
    version: 1,
    issuedAt: at,
    sealed: true,
    seal: createUnsignedSeal(),
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
let t0 = performance.now();
const first = await render(new Date());
const cold = performance.now() - t0;
await render(new Date());
const times: number[] = [];
let last = first;
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  last = await render(new Date());
  times.push(performance.now() - t0);
}
console.log(`decision PDF (${(last.length / 1024).toFixed(0)} KB): cold ${cold.toFixed(0)} ms; warm p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${RUNS} runs (aim p95 ≤ 300 ms)`);
const out = process.argv[2];
if (out) {
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'decision.pdf'), last);
}
