// Write limits (issue 18): a user who posts comments quickly is stopped by the per-user limit, and
// the comment box says how long to wait ("操作太频繁，请 20 秒后再试"), in Chinese and in English.
// The server runs with the real limiter and low comment limits: 3 a minute (one more every 20 s
// after the burst) and 3 a day, so a later try is still refused however slow the machine is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginUi, pageApi, setUiLanguage, signupApi, useFixture } from './helpers.mjs';

const fx = useFixture('limits', {}, {
  env: {
    MIANJING_LIMITS__SCALE: '1',
    MIANJING_LIMITS__COMMENTS__USER_PER_MINUTE: '3',
    MIANJING_LIMITS__COMMENTS__USER_PER_DAY: '3',
  },
});

const EXPERIENCE = {
  title: '美团后端二面：限流算法',
  company: '美团',
  position: '后端开发工程师',
  career_id: 2,
  interview_date: '2026-11-20',
  interview_result: 'pending',
  interview_difficulty: 'medium',
  interview_evaluation: 4,
  interview_questions: ['令牌桶和漏桶的区别？'],
  content: '问了限流：令牌桶、漏桶、滑动窗口，以及 Redis 上怎么做分布式限流。',
  anonymous: false,
};

test('posting comments too quickly shows how long to wait, in zh-CN and en', async () => {
  const { page } = fx;
  const account = await signupApi(fx.server, 'limits', '限流测试');
  await loginUi(page, account);
  const created = await pageApi(page, 'POST', '/api/experiences', EXPERIENCE);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await page.goto(`/experiences/${created.body.id}`);

  const box = page.getByTestId('comment-box');
  const error = box.getByTestId('composer-error');
  let posted = 0;
  // Post as fast as the UI allows until the server refuses.
  for (let n = 1; n <= 10; n++) {
    await box.locator('textarea').fill(`第 ${n} 条评论`);
    await box.getByTestId('comment-box-submit').click();
    const outcome = await Promise.race([
      page.getByTestId('comment').filter({ hasText: `第 ${n} 条评论` }).waitFor().then(() => 'posted'),
      error.waitFor().then(() => 'refused'),
    ]);
    if (outcome === 'refused') break;
    posted++;
  }
  assert.equal(posted, 3, 'three comments a minute, then the fourth is refused');
  const zh = (await error.innerText()).trim();
  assert.match(zh, /^操作太频繁，请 \d+ 秒后再试$/, zh);
  const seconds = Number(zh.match(/\d+/)[0]);
  assert.ok(seconds >= 1 && seconds <= 20, `one comment every 20 s after the burst: ${zh}`);
  assert.equal(await box.locator('textarea').inputValue(), '第 4 条评论', 'the refused text stays in the box');

  await setUiLanguage(page, 'en');
  await box.locator('textarea').fill('one more comment');
  await box.getByTestId('comment-box-submit').click();
  const en = (await error.innerText()).trim();
  // Within 20 s the minute's limit answers (seconds); later the day's (hours).
  assert.match(en, /^You are doing this too often; try again in \d+ (s|min|h)\.$/, en);
  const listed = await pageApi(page, 'GET', `/api/experiences/${created.body.id}/comments`);
  assert.equal(listed.body.total, 3, 'refused comments were not stored');
});
