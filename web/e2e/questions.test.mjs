// Question bank against the real backend with the whole shared question file imported:
// Chinese search, filters, the reference-answer toggle, favorites, private notes (persisting over a
// reload), the favorites tab, 面经 → "练习这家公司的题", random draw, and phone-width screens.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openBrowser } from './browser.mjs';
import { assertNoHorizontalOverflow, closeChecked, chooseOption, expectToast, loginUi, pageApi, signupApi, useFixture } from './helpers.mjs';
import { sharedDataFile, sharedDataPath } from './server.mjs';

const QUESTIONS = sharedDataFile('questions.jsonl');
const skip = QUESTIONS ? false : `the shared question file is missing (${sharedDataPath('questions.jsonl')}); skipping the question bank tests`;

describe('question bank', { skip }, () => {
  const fx = useFixture('questions', {}, { importQuestions: QUESTIONS });
  let account;
  let phone;
  let questionId;
  const NOTE = '缓存预热：上线前把热点数据写进 Redis，避免冷启动打满数据库。\n第二行：定时任务刷新。';

  after(() => closeChecked('phone', phone));

  test('the whole bank is browsable and a Chinese search for 缓存 finds questions about caching', async () => {
    console.log(`# imported ${QUESTIONS} in ${fx.server.questionsImportMs} ms`);
    account = await signupApi(fx.server, 'qb', '刷题人');
    const page = fx.page;
    await loginUi(page, account);
    await page.getByTestId('nav-questions').click();
    await page.waitForURL((u) => u.pathname === '/questions');
    await page.getByTestId('question-list').waitFor();
    const all = Number((await page.getByTestId('question-total').innerText()).replace(/\D/g, ''));
    assert.ok(all >= 10000, `the bank shows the imported questions: ${all}`);

    const search = page.getByTestId('question-search').locator('input');
    await search.fill('缓存');
    await search.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === '缓存');
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid=question-total]')?.textContent?.replace(/\D/g, '')) < before,
      all,
    );
    const found = Number((await page.getByTestId('question-total').innerText()).replace(/\D/g, ''));
    assert.ok(found > 0 && found < all, `缓存 narrows the bank: ${found}`);
    const texts = await page.getByTestId('question-content').allInnerTexts();
    assert.ok(texts.length > 0 && texts.length <= 10);
    assert.ok(texts.filter((t) => t.includes('缓存')).length >= texts.length / 2, `most hits mention 缓存: ${texts.join(' | ')}`);

    // Only questions with a reference answer; the filter lives in the URL.
    const filtered = page.waitForResponse((r) => r.url().includes('/api/questions?') && r.url().includes('has_answer=true'));
    await chooseOption(page, '[data-testid=filter-has-answer]', '有参考答案');
    await page.waitForURL((u) => u.searchParams.get('has_answer') === 'true');
    const withAnswers = await (await filtered).json();
    await page.locator(`[data-testid=question-card][data-id="${withAnswers.items[0].id}"]`).first().waitFor();
    assert.ok(withAnswers.items.every((q) => q.has_answer));
    const card = page.getByTestId('question-card').first();
    questionId = Number(await card.getAttribute('data-id'));
    // The reference answer opens inside the card, on demand.
    await card.getByTestId('toggle-answer').click();
    await card.getByTestId('reference-answer').locator('.mj-markdown').waitFor();
    await card.getByTestId('toggle-answer').filter({ hasText: '收起参考答案' }).waitFor();
    // Every card attributes its source and license.
    await card.getByTestId('source-badge').waitFor();
    await fx.browser.screenshot('questions-bank');
    await page.reload();
    await page.getByTestId('question-list').waitFor();
    assert.equal(await search.inputValue(), '缓存', 'the search survives a reload');
    await page.locator('[data-testid=filter-has-answer]', { hasText: '有参考答案' }).waitFor();
    await assertNoHorizontalOverflow(page);
  });

  test('a question: reference answer toggle, favorite and a private note persist over a reload', async () => {
    const page = fx.page;
    await page.locator(`[data-testid=question-card][data-id="${questionId}"]`).getByTestId('question-open').click();
    await page.waitForURL((u) => u.pathname === `/questions/${questionId}`);
    const detail = page.getByTestId('question-detail');
    await detail.getByTestId('question-detail-content').waitFor();
    assert.equal(await detail.getByTestId('reference-answer').count(), 0, 'the answer is hidden until asked for');
    await detail.getByTestId('toggle-answer').click();
    await detail.getByTestId('reference-answer').locator('.mj-markdown').waitFor();
    await detail.getByTestId('question-attribution').waitFor();
    await detail.getByTestId('related').waitFor();

    const fav = detail.getByTestId('question-favorite');
    assert.equal(await fav.getAttribute('aria-pressed'), 'false');
    await fav.click();
    await expectToast(page, '已收藏');
    await detail.locator('[data-testid=question-favorite][aria-pressed=true]').waitFor();

    // An empty note cannot be saved; a real one can.
    assert.equal(await detail.getByTestId('note-save').isDisabled(), true);
    await detail.getByTestId('note-input').fill(NOTE);
    await detail.getByTestId('note-save').click();
    await expectToast(page, '笔记已保存');
    assert.equal(await detail.getByTestId('note-text').innerText(), NOTE);
    await fx.browser.screenshot('questions-detail');

    await page.reload();
    await detail.getByTestId('note-text').waitFor();
    assert.equal(await detail.getByTestId('note-text').innerText(), NOTE, 'the note persists');
    await detail.locator('[data-testid=question-favorite][aria-pressed=true]').waitFor();
    assert.equal(await detail.getByTestId('question-favorite-count').innerText(), '1');

    // Edit, then delete and write again: the server keeps one note per user and question.
    await detail.getByTestId('note-edit').click();
    await detail.getByTestId('note-input').fill(`${NOTE}\n补充：注意预热数据的过期时间。`);
    await detail.getByTestId('note-save').click();
    await expectToast(page, '笔记已保存');
    const res = await pageApi(page, 'GET', `/api/questions/${questionId}`);
    assert.match(res.body.note, /补充：注意预热数据的过期时间。$/);
    await detail.getByTestId('note-delete').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await expectToast(page, '笔记已删除');
    await detail.getByTestId('note-input').waitFor();
    assert.equal((await pageApi(page, 'GET', `/api/questions/${questionId}`)).body.note, null);
    await detail.getByTestId('note-input').fill(NOTE);
    await detail.getByTestId('note-save').click();
    await detail.getByTestId('note-text').waitFor();
  });

  test('the favorites page has a 收藏的题目 tab listing it', async () => {
    const page = fx.page;
    await page.goto('/favorites');
    await page.getByTestId('tab-fav-questions').click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'questions');
    const card = page.getByTestId('fav-questions').locator(`[data-testid=question-card][data-id="${questionId}"]`);
    await card.waitFor();
    await card.getByText(/收藏于/).waitFor();
    await fx.browser.screenshot('questions-favorites');
    // Un-favoriting from the tab removes it.
    await card.getByTestId('question-favorite').click();
    await expectToast(page, '已取消收藏');
    await page.getByTestId('fav-questions-empty').waitFor();
  });

  test('a 面经 links to the questions its company asked, with a banner', async () => {
    // A company of its own: the shared 面经, when imported, bring many questions of the big ones.
    const page = fx.page;
    const created = await pageApi(page, 'POST', '/api/experiences', {
      title: '极客未来后端一面',
      company: '极客未来',
      position: '后端开发工程师',
      interview_questions: ['Redis 缓存雪崩怎么处理？', '讲讲 MySQL 的索引下推'],
      content: '一面主要问了缓存和索引。',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.goto(`/experiences/${created.body.id}`);
    await page.getByTestId('practice-company').click();
    await page.waitForURL((u) => u.pathname === '/questions' && u.searchParams.get('company') === '极客未来');
    await page.getByTestId('company-banner').getByText('极客未来 面经中出现过的题').waitFor();
    const texts = await page.getByTestId('question-content').allInnerTexts();
    assert.ok(texts.some((t) => t.includes('Redis 缓存雪崩怎么处理')), texts.join(' | '));
    await page.getByTestId('question-companies').first().getByText('极客未来').waitFor();
    assert.equal(await page.getByTestId('practise-page').isDisabled(), false);
    await fx.browser.screenshot('questions-company');
    // Closing the banner shows the whole bank again.
    await page.getByTestId('company-banner').locator('.ant-alert-close-icon').click();
    await page.waitForURL((u) => !u.searchParams.has('company'));
  });

  test('pictures in imported answers are links to open, never loaded from other sites', async () => {
    const page = fx.page;
    await page.goto(`/questions?q=${encodeURIComponent('网络分层模型')}&has_answer=true`);
    const card = page.getByTestId('question-card').filter({ hasText: '网络分层模型' }).first();
    await card.getByTestId('toggle-answer').click();
    const link = card.getByTestId('reference-answer').getByTestId('remote-image').first();
    await link.waitFor();
    assert.match(await link.getAttribute('href'), /^https:\/\//);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await card.getByTestId('reference-answer').locator('img').count(), 0);
    // (the fixture checks after the file that nothing outside the origin was requested)
  });

  test('随机抽题 draws 5 questions of the chosen career', async () => {
    const page = fx.page;
    // Opened with the career in the URL rather than picked in the Select:
    // this checks the draw, and picking (tested with the other filters) raced
    // it twice in CI, once drawing without the filter and once with 前端.
    const catalog = await (await fetch(`${fx.server.baseUrl}/api/careers?per_page=100`)).json();
    const backend = catalog.items.find((c) => c.name === '后端');
    await page.goto(`/questions?career_id=${backend.id}`);
    await page.locator('[data-testid=filter-career]').filter({ hasText: '后端' }).waitFor();
    await page.getByTestId('random-draw').click();
    const list = page.getByTestId('random-list');
    await list.waitFor();
    assert.equal(await list.locator('li').count(), 5);
    const careers = await list.locator('li .ant-tag').allInnerTexts();
    assert.deepEqual([...new Set(careers)], ['后端']);
    await page.keyboard.press('Escape');
  });

  test('phone width: the bank, a question and its note fit 390 px', async () => {
    phone = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true });
    const page = phone.page;
    await loginUi(page, account);
    await page.goto('/questions?q=%E7%BC%93%E5%AD%98');
    await page.getByTestId('question-list').waitFor();
    await page.getByTestId('toggle-filters').waitFor();
    await assertNoHorizontalOverflow(page);
    await phone.screenshot('mobile-questions-bank', { fullPage: false });
    await page.getByTestId('toggle-filters').click();
    await page.getByTestId('question-filters').waitFor();
    await assertNoHorizontalOverflow(page);
    await phone.screenshot('mobile-questions-filters', { fullPage: false });

    await page.goto(`/questions/${questionId}`);
    await page.getByTestId('note-text').waitFor();
    await page.getByTestId('toggle-answer').click();
    await page.getByTestId('reference-answer').waitFor();
    await page.waitForTimeout(500); // let the button's tap animation end
    await assertNoHorizontalOverflow(page);
    await phone.screenshot('mobile-questions-detail');
  });
});
