// Issue 20, "Fast first load": a cold load of the home page from the binary's own static serving
// (the UI embedded with rust-embed; a debug binary reads web/dist from disk) transfers at most
// 350 KB of JavaScript. Bytes on the wire are deterministic for one build, so they are asserted;
// the time until the first 面经 card shows is measured and printed as a figure, never asserted
// (timed tests are not allowed — BENCHMARKS.md, "Issue 20: first load", has the figures).
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { NO_IMPORTS, signupApi, tokenOf, useFixture } from './helpers.mjs';

/** The budget of the issue: JavaScript bytes on the wire for a cold load of `/`. */
const JS_BUDGET = 350 * 1024;

const fx = useFixture('first-load', {}, { ...NO_IMPORTS, embedded: true });

/** GET `url` with `Accept-Encoding: encoding`; the raw (still encoded) body size and the headers. */
function rawGet(url, encoding) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

test('a cold load of the home page stays within the JavaScript budget', async () => {
  const page = fx.page;
  // Content to show: a few 面经 made through the API.
  const account = await signupApi(fx.server, 'fl', '首屏作者');
  const token = await tokenOf(fx.server, account);
  for (const company of ['字节跳动', '腾讯', '阿里巴巴']) {
    const res = await fx.server.api('POST', '/api/experiences', {
      title: `${company} 后端一面`, company, position: '后端开发工程师', content: '先聊项目，然后问了 Redis 和 MySQL。',
      interview_questions: ['Redis 缓存穿透怎么解决？'], interview_difficulty: 'medium', interview_evaluation: 4,
      interview_result: 'offer', interview_date: '2026-10-01', anonymous: false,
    }, token);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  // When the first card appears, stamped in the page (ms since the navigation started).
  await page.addInitScript(() => {
    const seen = () => {
      if (window.__firstCard === undefined && document.querySelector('[data-testid="experience-card"]')) {
        window.__firstCard = performance.now();
      }
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  });

  const responses = [];
  const onResponse = (r) => responses.push(r);
  page.on('response', onResponse);
  await page.goto('/');
  await page.getByTestId('experience-card').first().waitFor();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);

  const scripts = [];
  for (const r of responses) {
    const url = new URL(r.url());
    if (!url.pathname.endsWith('.js')) continue;
    const sizes = await r.request().sizes();
    scripts.push({ path: url.pathname, encoding: (await r.headerValue('content-encoding')) ?? 'identity', body: sizes.responseBodySize, headers: sizes.responseHeadersSize });
  }
  assert.ok(scripts.length > 0, 'the home page loads scripts');
  const wire = scripts.reduce((s, x) => s + x.body, 0);
  const encodings = [...new Set(scripts.map((s) => s.encoding))];
  const sent = await responses[0].request().headerValue('accept-encoding');

  // The same scripts fetched with each encoding a client may ask for.
  const perEncoding = {};
  for (const encoding of ['br', 'gzip', 'identity']) {
    let total = 0;
    for (const s of scripts) {
      const res = await rawGet(fx.server.apiUrl + s.path, encoding);
      assert.equal(res.status, 200, s.path);
      assert.equal(Number(res.headers['content-length']), res.bytes, `${s.path} (${encoding}): Content-Length is the body's size`);
      total += res.bytes;
    }
    perEncoding[encoding] = total;
  }

  const firstCard = await page.evaluate(() => window.__firstCard);
  const nav = await page.evaluate(() => {
    const [n] = performance.getEntriesByType('navigation');
    return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  console.log(`first load of / : browser sent Accept-Encoding: ${sent}`);
  console.log(`${scripts.length} scripts, ${kb(wire)} of JavaScript on the wire (${encodings.join(', ')}), ` +
    `+ ${kb(scripts.reduce((s, x) => s + x.headers, 0))} of response headers`);
  console.log(`the same scripts: br ${kb(perEncoding.br)}, gzip ${kb(perEncoding.gzip)}, identity ${kb(perEncoding.identity)}`);
  console.log(`first 面经 card visible after ${firstCard?.toFixed(0)} ms (DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms)`);
  for (const s of scripts.sort((a, b) => b.body - a.body)) console.log(`  ${s.path} ${kb(s.body)} (${s.encoding})`);

  assert.deepEqual(encodings, ['br'], 'the browser offered br and got it for every script');
  assert.ok(wire <= JS_BUDGET, `the home page transferred ${kb(wire)} of JavaScript, more than ${kb(JS_BUDGET)}`);
  // gzip (a browser that does not offer br, e.g. Firefox over plain http) is a figure, not the budget.
  assert.ok(perEncoding.br <= perEncoding.gzip && perEncoding.gzip * 2 < perEncoding.identity, JSON.stringify(perEncoding));

  // A second visit: the hashed scripts come from the browser's cache (immutable), nothing is refetched.
  const again = [];
  const onAgain = (r) => again.push(r);
  page.on('response', onAgain);
  await page.goto('/');
  await page.getByTestId('experience-card').first().waitFor();
  await page.waitForLoadState('networkidle');
  page.off('response', onAgain);
  const refetched = [];
  for (const r of again) {
    if (!new URL(r.url()).pathname.endsWith('.js')) continue;
    if (!r.fromServiceWorker() && (await r.request().sizes()).responseBodySize > 0 && r.status() !== 304) refetched.push(r.url());
  }
  console.log(`second visit: ${again.length} responses, ${refetched.length} scripts fetched again`);
  assert.deepEqual(refetched, [], 'hashed scripts are cached for good');
});
