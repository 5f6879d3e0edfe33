// The application tracker (issue 19) against the real backend: track an application with rounds and
// the questions asked, move it on the board, see the week's interviews on the home page, and
// "发成面经" — the 面经 form filled from the application — then publish it; in English a near-duplicate
// of one's own post asks for confirmation first; and one pass at phone width (390 px).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openBrowser } from './browser.mjs';
import { assertNoHorizontalOverflow, chooseOption, closeChecked, expectToast, loginUi, pageApi, setUiLanguage, signupApi, useFixture } from './helpers.mjs';

/** `YYYY-MM-DD` of today + `n` days in this machine's time zone (the browser's too). */
function day(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Types `value` into the antd picker (date or time) with input id `id` and confirms it. */
async function pick(page, id, value) {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

describe('application tracker', () => {
  const fx = useFixture('applications');
  let phone;
  after(() => closeChecked('phone', phone));

  test('zh-CN: track an application with rounds and questions, move it, see it on the home page, publish it as a 面经', async () => {
    const account = await signupApi(fx.server, 'ap', '求职者');
    const page = fx.page;
    await loginUi(page, account);
    await page.goto('/applications');
    await page.getByTestId('applications-empty').waitFor();
    assert.match(await page.title(), /我的投递/);

    await page.getByTestId('add-application').click();
    await page.locator('#application_company').fill('拼多多');
    await page.getByTestId('application-position').fill('服务端研发');
    await page.getByTestId('add-round').click();
    await pick(page, 'application_rounds_0_date', day(-2));
    await page.getByTestId('round-questions-0').fill('手写 LRU\n两数之和');
    await page.getByTestId('add-round').click();
    await chooseOption(page, '[data-testid="round-stage-1"]', '一面');
    await pick(page, 'application_rounds_1_date', day(2));
    await pick(page, 'application_rounds_1_time', '14:30');
    await page.getByTestId('application-submit').click();
    await expectToast(page, '已添加');

    const listed = await pageApi(page, 'GET', '/api/applications');
    assert.equal(listed.status, 200);
    const [app] = listed.body.items;
    assert.deepEqual(app.rounds.map((r) => [r.stage, r.date, r.time, r.questions]), [
      ['written_test', day(-2), null, ['手写 LRU', '两数之和']],
      ['first_interview', day(2), '14:30', []],
    ]);
    await page.getByTestId('column-applied').getByTestId(`application-${app.id}`).waitFor();
    // The company links to its page: what interviewing there is like for others.
    assert.ok(app.company_id, `拼多多 is a known company: ${JSON.stringify(app)}`);
    const companyLink = page.getByTestId(`application-${app.id}`).getByTestId('application-company-link');
    assert.equal(await companyLink.getAttribute('href'), `/companies/${app.company_id}`);
    await chooseOption(page, `[data-testid="move-${app.id}"]`, '一面');
    await page.getByTestId('column-first_interview').getByTestId(`application-${app.id}`).waitFor();

    // The week's interviews on the home page.
    await page.goto('/');
    const upcoming = page.getByTestId('upcoming-interviews');
    await upcoming.getByTestId('upcoming-item').filter({ hasText: '拼多多' }).filter({ hasText: '14:30' }).waitFor();

    // 发成面经: the form comes filled from the application.
    await page.goto('/applications');
    await page.getByTestId(`publish-${app.id}`).click();
    await page.waitForURL((u) => u.pathname === '/experiences/new' && u.searchParams.get('from_application') === String(app.id));
    await expectToast(page, '已根据投递');
    assert.equal(await page.locator('#experience_company').inputValue(), '拼多多');
    assert.equal(await page.locator('#experience_position').inputValue(), '服务端研发');
    assert.equal(await page.locator('#experience_title').inputValue(), '拼多多 服务端研发 面经');
    assert.equal(await page.getByTestId('question-0').inputValue(), '手写 LRU');
    assert.equal(await page.getByTestId('question-1').inputValue(), '两数之和');
    assert.equal(await page.locator('#experience_interview_date').inputValue(), day(-2));
    const content = await page.locator('#experience_content').inputValue();
    assert.match(content, /## 笔试 · .*\n\n1\. 手写 LRU\n2\. 两数之和/);
    assert.match(content, /## 一面 · .* 14:30/);
    await page.getByTestId('similar-experiences').waitFor();

    await page.getByTestId('experience-submit').click();
    await page.waitForURL((u) => /^\/experiences\/\d+$/.test(u.pathname));
    const post = await pageApi(page, 'GET', `/api/experiences/${page.url().split('/').pop()}`);
    assert.equal(post.body.title, '拼多多 服务端研发 面经');
    assert.equal(post.body.interview_result, 'pending');
    assert.deepEqual(post.body.interview_questions, ['手写 LRU', '两数之和']);
  });

  test('en: publish from the list view; posting it again asks before a near-duplicate goes out', async () => {
    const account = await signupApi(fx.server, 'ae', 'Seeker');
    const page = fx.page;
    await page.context().clearCookies();
    await loginUi(page, account);
    await setUiLanguage(page, 'en');
    const created = await pageApi(page, 'POST', '/api/applications', {
      company: 'Shopee',
      position: 'Backend engineer',
      channel: 'official',
      stage: 'offer',
      rounds: [{ stage: 'first_interview', date: day(-5), time: '10:00', questions: ['Explain Go channels'] }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;

    await page.goto('/applications?view=list');
    await page.getByTestId('applications-table').getByTestId(`row-${id}`).waitFor();
    assert.match(await page.title(), /My applications/);
    await page.getByTestId(`publish-${id}`).click();
    await page.waitForURL((u) => u.pathname === '/experiences/new');
    await page.locator('#experience_title').waitFor();
    await page.waitForFunction(() => document.querySelector('#experience_company')?.value === 'Shopee');
    assert.equal(await page.locator('#experience_title').inputValue(), 'Shopee Backend engineer interview');
    assert.match(await page.locator('#experience_content').inputValue(), /## 1st interview · .* 10:00\n\n1\. Explain Go channels/);
    await page.getByTestId('experience-submit').click();
    await page.waitForURL((u) => /^\/experiences\/\d+$/.test(u.pathname));
    const first = page.url().split('/').pop();
    assert.equal((await pageApi(page, 'GET', `/api/experiences/${first}`)).body.interview_result, 'offer');

    // The same post again: the server answers 409 and the UI asks.
    await page.goto(`/experiences/new?from_application=${id}`);
    await page.waitForFunction(() => document.querySelector('#experience_company')?.value === 'Shopee');
    await page.getByTestId('experience-submit').click();
    const dialog = page.locator('.ant-modal-confirm').filter({ hasText: 'Possible duplicate' });
    await dialog.getByText('nearly identical').waitFor();
    await dialog.getByRole('button', { name: 'Post anyway' }).click();
    await page.waitForURL((u) => /^\/experiences\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${first}`));
    assert.equal((await pageApi(page, 'GET', '/api/experiences/users')).body.total, 2);
  });

  test('390 px: board, form, home reminders and the filled 面经 form fit a phone', async () => {
    const account = await signupApi(fx.server, 'am', '手机用户');
    phone = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true });
    const page = phone.page;
    await loginUi(page, account);
    const created = await pageApi(page, 'POST', '/api/applications', {
      company: '小红书',
      position: '前端开发',
      stage: 'second_interview',
      rounds: [
        { stage: 'first_interview', date: day(-1), questions: ['React 的 diff 算法'] },
        { stage: 'second_interview', date: day(1), time: '19:00' },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.goto('/');
    await page.getByTestId('upcoming-interviews').getByTestId('upcoming-item').filter({ hasText: '小红书' }).waitFor();
    await assertNoHorizontalOverflow(page, 'home with reminders');
    await page.goto('/applications');
    await page.getByTestId(`application-${created.body.id}`).waitFor();
    await assertNoHorizontalOverflow(page, 'board');
    await page.getByTestId('add-application').click();
    await page.getByTestId('add-round').click();
    await page.getByTestId('round-questions-0').waitFor();
    await assertNoHorizontalOverflow(page, 'application form');
    await page.keyboard.press('Escape');
    await page.goto('/applications?view=list');
    await page.getByTestId('applications-table').waitFor();
    await assertNoHorizontalOverflow(page, 'list');
    await page.goto(`/experiences/new?from_application=${created.body.id}`);
    await page.waitForFunction(() => document.querySelector('#experience_company')?.value === '小红书');
    await assertNoHorizontalOverflow(page, 'filled 面经 form');
  });
});
