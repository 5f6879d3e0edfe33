// Issue 19: a notification arriving (B comments on A's 面经 → A's bell shows 1; opening it marks it
// read) and a report resolved by an administrator, in zh-CN; the bell and the list in English at 390 px.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openBrowser } from './browser.mjs';
import { assertNoHorizontalOverflow, closeChecked, expectToast, loginUi, setUiLanguage, signupApi, tokenOf, useFixture } from './helpers.mjs';

const fx = useFixture('notifications');


async function logout(page) {
  await page.context().clearCookies();
  await page.goto('/');
}

let author;
let experienceId;

test('a comment on my 面经 lights the bell; opening it marks it read and shows the comment', async () => {
  const page = fx.page;
  author = await signupApi(fx.server, 'na', '作者甲');
  const bee = await signupApi(fx.server, 'nb', '评论乙');
  const a = await tokenOf(fx.server, author);
  const b = await tokenOf(fx.server, bee);
  const created = await fx.server.api('POST', '/api/experiences', {
    title: '字节跳动后端一面', company: '字节跳动', position: '后端开发工程师', career_id: 2, interview_date: '2026-10-01',
    interview_result: 'offer', interview_difficulty: 'medium', interview_evaluation: 4,
    content: '先聊项目，然后问了二叉树。', interview_questions: [], anonymous: false,
  }, a);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  experienceId = created.body.id;

  await loginUi(page, author);
  await page.getByTestId('bell').waitFor();
  assert.equal(await page.getByTestId('bell-count').locator('.ant-badge-count').count(), 0, 'nothing unread yet');

  const c = await fx.server.api('POST', `/api/experiences/${experienceId}/comments`, { content: '请问几轮面试？' }, b);
  assert.equal(c.status, 201);
  // The bell refetches on window focus and every 30 s; a reload is the user coming back.
  await page.reload();
  await page.getByTestId('bell-count').locator('.ant-badge-count', { hasText: '1' }).waitFor();
  await page.getByTestId('bell').click();
  const item = page.getByTestId('bell-item').first();
  await item.getByText('评论乙 评论了你的面经').waitFor();
  await item.getByText('请问几轮面试？').waitFor();
  await fx.browser.screenshot('notifications-bell', { fullPage: false });
  await item.click();
  await page.waitForURL((u) => u.pathname === `/experiences/${experienceId}` && u.hash === `#comment-${c.body.id}`);
  await page.locator(`#comment-${c.body.id}`).waitFor();
  await page.getByTestId('bell-count').locator('.ant-badge-count').waitFor({ state: 'detached' });

  await page.goto('/notifications');
  await page.waitForFunction(() => document.title.startsWith('通知'));
  const row = page.getByTestId('notification').first();
  await row.getByText('评论乙 评论了你的面经').waitFor();
  assert.equal(await row.getAttribute('data-read'), 'true', 'opened from the bell, so read');
  await page.getByTestId('notifications-filter').getByText('未读').click();
  await page.getByTestId('notifications-empty').getByText('没有未读通知').waitFor();
});

test('a report (举报) is resolved by an administrator and the reporter is told', async () => {
  const page = fx.page;
  const reporter = await signupApi(fx.server, 'nr', '举报人丙');
  const boss = await signupApi(fx.server, 'nm', '管理员丁');
  const bossToken = await tokenOf(fx.server, boss);
  const claimed = await fx.server.api('POST', '/api/admin/claim', { token: fx.server.claimToken() }, bossToken);
  assert.equal(claimed.status, 200, JSON.stringify(claimed.body));

  await logout(page);
  await loginUi(page, reporter);
  await page.goto(`/experiences/${experienceId}`);
  await page.getByTestId('report-experience').click();
  await page.getByTestId('reason-other').click();
  await page.getByTestId('report-submit').click();
  await page.getByText('选择“其他”时请填写说明').waitFor();
  await page.getByTestId('report-form').locator('textarea').fill('标题和内容不符');
  await page.getByTestId('report-submit').click();
  await expectToast(page, '举报已提交');

  await logout(page);
  await loginUi(page, boss);
  await page.goto('/admin/reports');
  await page.waitForFunction(() => document.title.startsWith('举报处理'));
  const report = page.getByTestId('report-item').filter({ hasText: '标题和内容不符' });
  await report.getByText('字节跳动后端一面').waitFor();
  await report.getByTestId('report-note').fill('经核实内容无问题');
  await fx.browser.screenshot('notifications-admin-reports');
  await report.getByTestId('report-dismiss').click();
  await page.locator('.ant-popconfirm', { hasText: '确定驳回该举报？' }).getByRole('button', { name: '确定' }).click();
  await expectToast(page, '已处理');
  await page.getByTestId('reports-empty').waitFor();

  await logout(page);
  await loginUi(page, reporter);
  await page.getByTestId('bell-count').locator('.ant-badge-count', { hasText: '1' }).waitFor();
  await page.goto('/notifications');
  const row = page.getByTestId('notification').first();
  await row.getByText('你的举报已处理').waitFor();
  await row.getByText('管理员留言：经核实内容无问题').waitFor();
});

test('in English at 390 px the bell and the list fit the screen', async () => {
  const phone = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true, locale: 'en-US' });
  try {
    const page = phone.page;
    await setUiLanguage(page, 'en');
    await loginUi(page, author);
    await page.getByTestId('bell').click();
    await page.getByTestId('bell-panel').getByText('Notifications').first().waitFor();
    await assertNoHorizontalOverflow(page, 'bell open at 390 px');
    await page.getByTestId('bell-all').click();
    await page.waitForURL((u) => u.pathname === '/notifications');
    await page.waitForFunction(() => document.title.startsWith('Notifications'));
    await page.getByTestId('notification').first().getByText('commented on your interview experience').waitFor();
    await assertNoHorizontalOverflow(page, '/notifications at 390 px');
    await phone.screenshot('notifications-390-en');
  } finally {
    await closeChecked('phone', phone);
  }
});
