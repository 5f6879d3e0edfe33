// Issue 20, administration at phone width (390 px): the claim panel hides once an administrator
// exists; the question bank imports a JSONL file and reports its bad line; a career and a tag are
// renamed; the statistics page draws its charts — in zh-CN, then in en.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoHorizontalOverflow, expectToast, loginUi, NO_IMPORTS, pageApi, setUiLanguage, signupApi, tokenOf, useFixture } from './helpers.mjs';

const fx = useFixture('admin-curation', { viewport: { width: 390, height: 844 }, isMobile: true }, NO_IMPORTS);

const JSONL = [
  JSON.stringify({ question: '什么是 MVCC？', answer: '多版本并发控制。', career: '后端', tags: ['MySQL'], key_points: ['版本链', 'Read View'] }),
  JSON.stringify({ question: 'TCP 三次握手的过程？', lang: 'zh' }),
  JSON.stringify({ answer: '没有题目的一行' }),
  'not json',
].join('\n');

test('administration: claim panel, question import with an error line, careers and tags, statistics', async () => {
  const page = fx.page;
  const plain = await signupApi(fx.server, 'cu', '普通用户');
  const boss = await signupApi(fx.server, 'cb', '管理员乙');

  // No administrator yet: the profile offers the claim.
  await loginUi(page, plain);
  await page.goto('/profile');
  await page.getByTestId('claim-admin').waitFor();
  const claimed = await fx.server.api('POST', '/api/admin/claim', { token: fx.server.claimToken() }, await tokenOf(fx.server, boss));
  assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
  // One exists now: the panel is gone for everyone.
  await page.reload();
  await page.getByTestId('profile-page').waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByTestId('claim-admin').count(), 0, 'the claim panel hides once an admin exists');

  await page.context().clearCookies();
  await loginUi(page, boss);
  const tag = await pageApi(page, 'POST', '/api/discussions', { title: '秋招怎么准备', content: '求建议', tags: ['golang'] });
  assert.equal(tag.status, 201, JSON.stringify(tag.body));

  // The question bank: import a file with two bad lines, see the report and the questions.
  await page.goto('/admin/questions');
  await page.getByTestId('admin-questions').waitFor();
  await page.getByTestId('admin-nav').getByText('数据统计').waitFor();
  await page.getByTestId('question-import').locator('input[type=file]').setInputFiles({
    name: 'questions.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(JSONL),
  });
  const report = page.getByTestId('question-import-report');
  await report.getByText('导入完成：读取 4 行，新增 2 道，跳过 0 道已存在的，2 行有错误').waitFor();
  const errors = page.getByTestId('question-import-errors');
  await errors.getByRole('row').filter({ hasText: 'question is missing' }).getByText('3', { exact: true }).waitFor();
  await errors.getByRole('row').filter({ hasText: 'invalid JSON' }).getByText('4', { exact: true }).waitFor();
  await page.getByTestId('admin-question-content').filter({ hasText: '什么是 MVCC？' }).waitFor();
  // Its key points come back in the editor.
  await page.getByTestId('admin-question-content').filter({ hasText: '什么是 MVCC？' }).locator('xpath=ancestor::tr').getByTestId('admin-question-edit').click();
  assert.equal(await page.getByTestId('admin-question-key-points').inputValue(), '版本链\nRead View');
  await page.getByTestId('admin-question-key-points').fill('版本链\nRead View\nundo log');
  await page.getByTestId('admin-question-save').click();
  await expectToast(page, '已保存');
  const exported = await pageApi(page, 'GET', '/api/questions?q=MVCC');
  const detail = await pageApi(page, 'GET', `/api/questions/${exported.body.items[0].id}`);
  assert.deepEqual(detail.body.key_points, ['版本链', 'Read View', 'undo log']);
  await assertNoHorizontalOverflow(page, 'admin questions zh-CN');
  await fx.browser.screenshot('admin-questions-zh-CN');

  // Careers: add one and rename it; tags: rename one.
  await page.goto('/admin/catalog');
  await page.getByTestId('catalog-careers').waitFor();
  await page.getByTestId('catalog-new-name').fill('区块链');
  await page.getByTestId('catalog-add').click();
  await expectToast(page, '已保存');
  const row = page.getByRole('row').filter({ has: page.getByTestId('catalog-name').getByText('区块链', { exact: true }) });
  await row.getByTestId('catalog-rename').click();
  await page.getByTestId('catalog-rename-input').fill('Web3');
  await page.getByTestId('catalog-save').click();
  await page.getByTestId('catalog-name').getByText('Web3', { exact: true }).waitFor();
  // A career in use cannot be deleted: its button says so.
  const backend = page.getByRole('row').filter({ has: page.getByTestId('catalog-name').getByText('后端', { exact: true }) });
  assert.ok(await backend.getByTestId('catalog-delete').isDisabled(), 'a career in use cannot be deleted');
  await assertNoHorizontalOverflow(page, 'admin catalog zh-CN');
  await page.getByRole('tab', { name: '标签' }).click();
  const tagRow = page.getByRole('row').filter({ has: page.getByTestId('catalog-name').getByText('golang', { exact: true }) });
  await tagRow.getByTestId('catalog-rename').click();
  await page.getByTestId('catalog-rename-input').fill('Go');
  await page.getByTestId('catalog-save').click();
  await page.getByTestId('catalog-name').getByText('Go', { exact: true }).waitFor();
  const d = await pageApi(page, 'GET', `/api/discussions/${tag.body.id}`);
  assert.deepEqual(d.body.tags, ['Go']);
  await fx.browser.screenshot('admin-catalog-zh-CN');

  // Statistics: totals and both charts.
  await page.goto('/admin/stats');
  await page.getByTestId('stats-chart-posts').locator('svg').waitFor();
  await page.getByTestId('stats-chart-active').locator('svg').waitFor();
  assert.match(await page.getByTestId('stats-totals').innerText(), /用户总数[\s\S]*2/);
  await page.waitForFunction(() => (document.querySelector('[data-testid="stats-chart-posts"] svg')?.innerHTML ?? '').includes('讨论'));
  await page.getByTestId('stats-range-90').click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="stats-chart-posts"] svg')?.innerHTML ?? '').includes('讨论'));
  await assertNoHorizontalOverflow(page, 'admin stats zh-CN');
  await fx.browser.screenshot('admin-stats-zh-CN');

  // en
  await setUiLanguage(page, 'en');
  await page.getByTestId('admin-stats').getByText('Statistics', { exact: true }).first().waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="stats-chart-posts"] svg')?.innerHTML ?? '').includes('Discussions'));
  await assertNoHorizontalOverflow(page, 'admin stats en');
  await fx.browser.screenshot('admin-stats-en');
  await page.goto('/admin/questions');
  await page.getByTestId('question-import').getByText('Import JSONL').first().waitFor();
  await page.getByTestId('question-import').locator('input[type=file]').setInputFiles({
    name: 'again.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(JSONL),
  });
  await page.getByText('Import finished: 4 lines read, 0 added, 2 already present, 2 lines with errors').waitFor();
  await assertNoHorizontalOverflow(page, 'admin questions en');
  await page.goto('/admin/catalog');
  await page.getByRole('tab', { name: 'Careers' }).waitFor();
  await page.getByTestId('catalog-name').getByText('Web3', { exact: true }).waitFor();
  await assertNoHorizontalOverflow(page, 'admin catalog en');
  await fx.browser.screenshot('admin-catalog-en');
});
