// The admin report pages over a real server on 127.0.0.1 port 0: token required, the live report
// follows the votes recorded, and the exports download.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/commands/report.ts';
import { ADMIN_TOKEN, EXAMPLE_STUDY_DIR, startTestServer, type TestServer } from '../server/support.ts';
import { expectValidReport } from '../support/reportSchema.ts';

let t: TestServer;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function vote(raters: number): Promise<number> {
  const entry = t.server.catalog.get('example');
  if (!entry) throw new Error('example study not served');
  let recorded = 0;
  for (let r = 0; r < raters; r++) {
    const rater = `rater-${r}`;
    await entry.service.enter({ id: rater });
    await entry.service.start(rater, true);
    for (let k = 0; k < 6; k++) {
      const current = await entry.service.current(rater);
      if (current.kind !== 'task') break;
      const choice = (['left', 'right', 'tie'] as const)[(r + k) % 3];
      await entry.service.submit(rater, { taskId: current.task.taskId, choice });
      recorded++;
    }
  }
  return recorded;
}

beforeAll(async () => {
  t = await startTestServer([EXAMPLE_STUDY_DIR]);
});
afterAll(async () => {
  await t.stop();
});

describe('admin report pages', () => {
  it('refuses without the admin token', async () => {
    const res = await fetch(`${t.base}/admin/studies/example/report.json`);
    expect(res.status).toBe(403);
    const page = await fetch(`${t.base}/admin/studies/example/report`);
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain('Preference report');
  });

  it('serves a live report that follows the recorded votes, and the exports', async () => {
    const before = await fetch(`${t.base}/admin/studies/example/report.json`, { headers: auth });
    expect(before.status).toBe(200);
    expect((await before.json()).n).toBe(0);

    const recorded = await vote(4);
    expect(recorded).toBeGreaterThan(8);
    const res = await fetch(`${t.base}/admin/studies/example/report.json`, { headers: auth });
    expect(res.headers.get('content-disposition')).toContain('example-report.json');
    const text = await res.text();
    expectValidReport(text);
    const report = JSON.parse(text);
    const attention = report.provenance.excluded['attention checks'] ?? 0;
    expect(report.n + attention).toBe(recorded);
    expect(report.pairs.length).toBeGreaterThan(0);
    expect(report.settings.seed).toBeDefined();

    const html = await fetch(`${t.base}/admin/studies/example/report`, { headers: auth });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await html.text();
    expect(body).toContain('<h1>Which answer is more helpful?</h1>');
    expect(body).toContain('<svg');

    const csv = await fetch(`${t.base}/admin/studies/example/judgments.csv`, { headers: auth });
    expect((await csv.text()).trim().split('\n')).toHaveLength(recorded + 1);
    const md = await fetch(`${t.base}/admin/studies/example/report.md`, { headers: auth });
    expect(await md.text()).toContain('## Pairwise win rates');
  });

  it('reports on the study folder from the command line, with the same judgments', async () => {
    const out = join(t.resultsDir, 'cli-report');
    await runReport([EXAMPLE_STUDY_DIR], { format: 'json,csv', out, results: t.resultsDir, cluster: 'prompt', ties: 'half', method: 'percentile', resamples: '200' }, false);
    expectValidReport(await readFile(join(out, 'report.json'), 'utf8'));
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const live = await (await fetch(`${t.base}/admin/studies/example/report.json`, { headers: auth })).json();
    expect(report.study).toBe('example');
    expect(report.n).toBe(live.n);
    expect(report.provenance.sources[0].format).toBe('study');
    expect(report.n).toBeGreaterThan(0);
    await rm(out, { recursive: true, force: true });
  });

  it('lists the studies with progress and links', async () => {
    const res = await fetch(`${t.base}/admin`, { headers: auth });
    expect(res.status).toBe(200);
    const old = await fetch(`${t.base}/admin/reports`, { headers: auth, redirect: 'manual' });
    expect([old.status, old.headers.get('location')]).toEqual([303, '/admin']);
    const body = await res.text();
    expect(body).toContain('/admin/studies/example/report');
    expect(body).toMatch(/<strong>\d+<\/strong> of \d+ votes/);
    const progress = await fetch(`${t.base}/admin/studies/example/progress`, { headers: auth });
    expect((await progress.json()).id).toBe('example');
    const missing = await fetch(`${t.base}/admin/studies/nope/report`, { headers: auth });
    expect(missing.status).toBe(404);
  });
});
