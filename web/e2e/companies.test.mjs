// Issue 19: the company page at phone width (390 px) in zh-CN and en — spellings of one company are
// one page, the statistics and the season chart show, and "practise these" starts a mock interview.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoHorizontalOverflow, loginUi, NO_IMPORTS, pageApi, setUiLanguage, signupApi, useFixture } from './helpers.mjs';

const fx = useFixture('companies', { viewport: { width: 390, height: 844 }, isMobile: true }, NO_IMPORTS);

const post = (company, extra) => ({
  title: `${company} 后端一面`,
  company,
  position: '后端开发',
  content: '先聊项目，然后问了 Redis 和 MySQL。',
  interview_questions: ['Redis 缓存穿透怎么解决？', 'MySQL 索引为什么用 B+ 树'],
  interview_difficulty: 'medium',
  interview_evaluation: 4,
  ...extra,
});

test('the company page shows one company of every spelling, its statistics, and practises its questions', async () => {
  const page = fx.page;
  const account = await signupApi(fx.server, 'co', '公司测试');
  await loginUi(page, account);
  const ids = [];
  for (const [company, extra] of [
    ['字节跳动', { interview_result: 'offer', interview_date: '2025-09-15' }],
    ['ByteDance', { interview_result: 'rejected', interview_date: '2026-03-02' }],
    ['字节', { interview_result: 'offer', interview_date: '2025-10-20' }],
  ]) {
    const res = await pageApi(page, 'POST', '/api/experiences', post(company, extra));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.company_id);
  }
  assert.ok(ids.every((id) => id === ids[0]), `one company: ${ids}`);
  const id = ids[0];

  // The feed links every card to the company.
  await page.goto(`/?company=${encodeURIComponent('字节')}`);
  await page.getByTestId('experience-company-link').first().click();
  await page.waitForURL((u) => u.pathname === `/companies/${id}`);

  // zh-CN
  await page.getByTestId('company-page').waitFor();
  assert.equal(await page.getByTestId('company-title').innerText(), '字节跳动');
  assert.match(await page.getByTestId('stat-count').innerText(), /3/);
  assert.match(await page.getByTestId('stat-offer').innerText(), /67/);
  await page.getByTestId('outcome-offer').getByText('已录取').waitFor();
  assert.match(await page.getByTestId('outcome-offer').innerText(), /2 · 67%/);
  await page.getByTestId('company-season-chart').locator('svg').waitFor();
  await page.waitForFunction(() => {
    const chart = document.querySelector('[data-testid="company-season-chart"]')?.innerHTML ?? '';
    return chart.includes('2025 秋招') && chart.includes('2026 春招');
  });
  assert.equal(await page.getByTestId('company-question').count(), 2);
  assert.equal(await page.getByTestId('company-recent').getByTestId('experience-card').count(), 3);
  assert.match(await page.title(), /字节跳动/);
  await page.getByTestId('practise-these').getByText('练这些题').waitFor();
  await assertNoHorizontalOverflow(page, 'company page zh-CN');
  await fx.browser.screenshot('company-zh-CN');

  // en
  await setUiLanguage(page, 'en');
  await page.getByTestId('company-page').waitFor();
  await page.getByTestId('company-outcomes').getByText('Outcomes').waitFor();
  await page.getByTestId('company-seasons').getByText('By recruiting season').waitFor();
  await page.waitForFunction(() =>
    (document.querySelector('[data-testid="company-season-chart"] svg')?.innerHTML ?? '').includes('2025 autumn'),
  );
  assert.match(await page.title(), /interview experiences and outcomes/);
  await assertNoHorizontalOverflow(page, 'company page en');
  await fx.browser.screenshot('company-en');

  // Practise these → a mock interview of exactly those questions.
  await page.getByTestId('practise-these').click();
  await page.waitForURL((u) => /^\/mock-interviews\/\d+$/.test(u.pathname), { timeout: 15000 });
  const interview = await pageApi(page, 'GET', new URL(page.url()).pathname.replace('/mock-interviews', '/api/mock-interviews'));
  assert.equal(interview.status, 200, JSON.stringify(interview.body));

  // The index finds it by an alias, at phone width.
  await page.goto('/companies?q=tiktok');
  await page.getByTestId('company-row').first().waitFor();
  assert.equal(await page.getByTestId('company-name').first().innerText(), '字节跳动');
  await assertNoHorizontalOverflow(page, 'company index');
  await setUiLanguage(page, 'zh-CN');
});
