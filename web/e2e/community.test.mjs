// Community: 面经 write → feed → search → detail with threaded comments and favorites;
// discussions with tags; the feedback board with an admin reply; my posts; phone-width screens.
// Three people, each in their own browser: A writes, B reads and comments, an admin moderates.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { openBrowser } from './browser.mjs';
import {
  assertNoHorizontalOverflow,
  chooseMenuItem,
  chooseOption,
  expectToast,
  loginUi,
  pageApi,
  signupApi,
  useFixture,
} from './helpers.mjs';

const fx = useFixture('community');
const extra = []; // other browsers, checked and closed after the file
let accountA;
let accountB;
let accountAdmin;
let b; // B's browser
let adm; // the admin's browser
let expId;
let expTitle;

const TITLE = '字节跳动后端一面：二叉树层序遍历与缓存设计';
const QUESTIONS = ['二叉树的层序遍历怎么写？', 'Redis 缓存穿透、击穿和雪崩的区别', '手写一个 LRU 缓存'];
const CONTENT = [
  '## 一面（技术面）',
  '',
  '面试官先让我写**二叉树**的层序遍历，然后围绕 Redis 缓存聊了二十分钟。',
  '',
  '- 缓存穿透：布隆过滤器',
  '- 缓存雪崩：过期时间加随机值',
  '',
  '```go',
  'func levelOrder(root *TreeNode) [][]int { return nil }',
  '```',
  '',
  '<script>window.__xss = 1</script>',
  '<img src="x" onerror="window.__xss = 2">',
  '',
  '[看看这个](javascript:window.__xss=3)',
].join('\n');

async function open(name, opts) {
  const browser = await openBrowser(fx.server.baseUrl, opts);
  extra.push({ name, browser });
  return browser;
}

after(async () => {
  for (const { name, browser } of extra) {
    assert.deepEqual(browser.foreignRequests, [], `${name}: the UI must not request anything outside its origin`);
    assert.deepEqual(browser.pageErrors, [], `${name}: no uncaught errors in the page`);
    await browser.close();
  }
});

/** Today minus `days`, `YYYY-MM-DD` in local time (the DatePicker's format). */
function daysAgo(days) {
  const d = new Date(Date.now() - days * 86400e3);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function searchFeed(page, q) {
  const input = page.getByTestId('feed-search').locator('input');
  await input.fill(q);
  await input.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === q);
}

test('A writes a 面经: validation, Markdown preview, then the detail page (sanitised)', async () => {
  accountA = await signupApi(fx.server, 'ca', '张三');
  accountB = await signupApi(fx.server, 'cb', '李四');
  accountAdmin = await signupApi(fx.server, 'cadm', '管理员');
  const page = fx.page;
  await loginUi(page, accountA);
  if (!fx.server.importedExperiences) await page.getByTestId('feed-empty').waitFor();
  await page.getByTestId('write-experience').click();
  await page.waitForURL((u) => u.pathname === '/experiences/new');

  // Empty submit: the required fields say so, in Chinese.
  await page.getByTestId('experience-submit').click();
  await page.getByText('请输入标题').waitFor();
  await page.getByText('请输入公司').waitFor();
  await page.getByText('请输入岗位').waitFor();
  await page.getByText('请输入面经正文').waitFor();

  await page.locator('#experience_title').fill(TITLE);
  await page.locator('#experience_company').fill('字节跳动');
  await page.locator('#experience_position').fill('后端开发工程师');
  await chooseOption(page, '[data-testid=career-select]', '后端');
  await page.locator('#experience_interview_date').click();
  await page.locator('#experience_interview_date').fill(daysAgo(10));
  await page.locator('#experience_interview_date').press('Enter');
  const form = page.getByTestId('experience-form');
  await form.getByText('已录取', { exact: true }).click();
  await form.getByText('中等', { exact: true }).click();
  await form.locator('.ant-rate-star').nth(3).click();
  await form.getByText('较好').waitFor();
  await page.getByTestId('question-0').fill(QUESTIONS[0]);
  await page.getByTestId('add-question').click();
  await page.getByTestId('question-1').fill(QUESTIONS[1]);
  await page.getByTestId('question-1').press('Enter'); // Enter on the last question adds the next one
  await page.getByTestId('question-2').fill(QUESTIONS[2]);
  await page.locator('#experience_content').fill(CONTENT);

  await page.getByTestId('md-preview-tab').click();
  await page.getByTestId('md-preview').locator('h2', { hasText: '一面（技术面）' }).waitFor();
  await page.getByTestId('md-preview').locator('strong', { hasText: '二叉树' }).waitFor();
  await fx.browser.screenshot('community-write-preview');
  await form.getByText('编辑', { exact: true }).click();
  await page.locator('#experience_content').waitFor();
  await fx.browser.screenshot('community-write');

  // The server's own checks land under the inputs: a date before 1990 is refused by the server only.
  await page.locator('#experience_interview_date').click();
  await page.locator('#experience_interview_date').fill('1985-05-01');
  await page.locator('#experience_interview_date').press('Enter');
  await page.getByTestId('experience-submit').click();
  const dateItem = page.locator('.ant-form-item').filter({ has: page.locator('#experience_interview_date') });
  await dateItem.locator('.ant-form-item-explain-error').waitFor();
  assert.equal(new URL(page.url()).pathname, '/experiences/new');
  // A list-wide reason (as the server sends for interview_questions) shows under the question list.
  await page.route('**/api/experiences', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            code: 'validation_failed',
            message: '输入有误',
            fields: { interview_questions: ['最多 50 道题'], title: ['标题不能重复'] },
          }),
        })
      : route.fallback(),
  );
  await page.locator('#experience_interview_date').click();
  await page.locator('#experience_interview_date').fill(daysAgo(10));
  await page.locator('#experience_interview_date').press('Enter');
  await page.getByTestId('experience-submit').click();
  await page.getByTestId('questions').getByText('最多 50 道题').waitFor();
  await page.locator('.ant-form-item').filter({ has: page.locator('#experience_title') }).getByText('标题不能重复').waitFor();
  await page.unroute('**/api/experiences');

  await page.getByTestId('experience-submit').click();
  await page.waitForURL((u) => /^\/experiences\/\d+$/.test(u.pathname));
  expId = Number(new URL(page.url()).pathname.split('/').pop());
  expTitle = TITLE;
  await expectToast(page, '发布成功');

  const detail = page.getByTestId('experience-detail');
  await detail.getByTestId('detail-title').filter({ hasText: TITLE }).waitFor();
  assert.deepEqual(await detail.getByTestId('detail-questions').locator('li').allInnerTexts(), QUESTIONS);
  const facts = await detail.getByTestId('detail-facts').innerText();
  for (const text of ['字节跳动', '后端开发工程师', '后端', daysAgo(10), '已录取', '中等', '较好']) {
    assert.ok(facts.includes(text), `facts should show ${text}: ${facts}`);
  }
  const content = detail.getByTestId('detail-content');
  await content.locator('h2', { hasText: '一面（技术面）' }).waitFor();
  await content.locator('pre code', { hasText: 'levelOrder' }).waitFor();
  assert.equal(await content.locator('script, img, iframe').count(), 0, 'raw HTML must not be rendered');
  assert.equal(await content.locator('a[href^="javascript"]').count(), 0, 'javascript: links must be removed');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  // The author sees edit and delete; the practice link carries the company.
  await detail.getByTestId('post-edit').waitFor();
  await detail.getByTestId('post-delete').waitFor();
  assert.equal(
    await detail.getByTestId('practice-company').getAttribute('href'),
    `/questions?company=${encodeURIComponent('字节跳动')}`,
  );
  await detail.getByTestId('author-name').first().filter({ hasText: '张三' }).waitFor();
});

test('the new 面经 is in the feed, and search finds it by 二叉树 and by 缓存', async () => {
  const page = fx.page;
  await page.goto('/');
  const card = page.getByTestId('experience-card').filter({ hasText: TITLE });
  await card.waitFor();
  const text = await card.innerText();
  for (const s of ['字节跳动', '后端开发工程师', '已录取', '中等', '3 道题', '张三']) {
    assert.ok(text.includes(s), `card should show ${s}: ${text}`);
  }
  assert.equal(await card.locator('.ant-rate-star-full').count(), 4);
  assert.match(await card.getByTestId('experience-excerpt').innerText(), /二叉树/);
  await fx.browser.screenshot('community-home');

  await searchFeed(page, '二叉树');
  await page.getByTestId('experience-card').filter({ hasText: TITLE }).waitFor();
  // A search ranks by relevance unless a sort is chosen.
  await page.getByTestId('feed-sort').getByText('相关度').waitFor();

  await searchFeed(page, '缓存');
  await page.getByTestId('experience-card').filter({ hasText: TITLE }).waitFor();
  // The search survives a reload (it lives in the URL).
  await page.reload();
  await page.getByTestId('experience-card').filter({ hasText: TITLE }).waitFor();
  assert.equal(await page.getByTestId('feed-search').locator('input').inputValue(), '缓存');

  await searchFeed(page, '区块链量子计算');
  await page.getByTestId('feed-empty').waitFor();
  await page.getByTestId('empty-write').waitFor();

  // Filters are in the URL too; back returns to the previous list. The position keeps the lists
  // to this test's post when the shared 面经 are imported (they include rejected ones).
  const position = encodeURIComponent('后端开发工程师');
  await page.goto(`/?result=rejected&position=${position}`);
  await page.getByTestId('feed-empty').waitFor();
  await page.goto(`/?result=offer&difficulty=medium&position=${position}`);
  await page.getByTestId('experience-card').filter({ hasText: TITLE }).waitFor();
  await page.goBack();
  await page.getByTestId('feed-empty').waitFor();
  await page.goto('/');
  await chooseOption(page, '[data-testid=filter-result]', '已录取');
  await page.waitForURL((u) => u.searchParams.get('result') === 'offer');
  await page.getByTestId('experience-card').filter({ hasText: TITLE }).waitFor();
});

test('B comments, A replies, B replies to the reply in the same thread; favorite survives reload', async () => {
  b = await open('user-b');
  await loginUi(b.page, accountB);
  const pb = b.page;
  await pb.goto(`/experiences/${expId}`);
  await pb.getByTestId('detail-title').filter({ hasText: TITLE }).waitFor();
  // Not the author: no edit/delete.
  assert.equal(await pb.getByTestId('post-edit').count(), 0);
  assert.equal(await pb.getByTestId('post-delete').count(), 0);
  await pb.getByTestId('comments-empty').waitFor();

  await pb.getByTestId('comment-box').locator('textarea').fill('请问二叉树那题要求 O(n) 吗？');
  await pb.getByTestId('comment-box-submit').click();
  await pb.getByTestId('comment').filter({ hasText: '请问二叉树那题要求 O(n) 吗？' }).waitFor();
  await pb.getByTestId('comments-title').filter({ hasText: '评论（1）' }).waitFor();

  // A sees B's comment and replies to it.
  const pa = fx.page;
  await pa.goto(`/experiences/${expId}`);
  const thread = pa.getByTestId('comment-thread').filter({ hasText: '请问二叉树那题要求 O(n) 吗？' });
  await thread.getByTestId('comment').getByTestId('author-name').filter({ hasText: '李四' }).waitFor();
  await thread.getByTestId('comment-reply').first().click();
  await thread.getByTestId('reply-box').locator('textarea').fill('是的，面试官要求一次遍历。');
  await thread.getByTestId('reply-box-submit').click();
  await thread.getByTestId('reply').filter({ hasText: '是的，面试官要求一次遍历。' }).waitFor();

  // B reloads: the reply sits under the comment; B answers the reply, which stays in the thread.
  await pb.reload();
  const threadB = pb.getByTestId('comment-thread').filter({ hasText: '请问二叉树那题要求 O(n) 吗？' });
  const reply = threadB.getByTestId('reply').filter({ hasText: '是的，面试官要求一次遍历。' });
  await reply.waitFor();
  await reply.getByTestId('comment-reply').click();
  const replyBox = threadB.getByTestId('reply-box').locator('textarea');
  assert.equal(await replyBox.inputValue(), '@张三 ');
  await replyBox.press('End');
  await replyBox.pressSequentially('明白了，谢谢！');
  await threadB.getByTestId('reply-box-submit').click();
  await threadB.getByTestId('reply').filter({ hasText: '@张三 明白了，谢谢！' }).waitFor();
  assert.equal(await threadB.getByTestId('reply').count(), 2);
  assert.equal(await pb.getByTestId('comment-thread').count(), 1, 'a reply to a reply must not start a new thread');
  const listed = await pageApi(pb, 'GET', `/api/experiences/${expId}/comments`);
  assert.equal(listed.status, 200);
  assert.equal(listed.body.items.length, 1);
  assert.equal(listed.body.items[0].replies.length, 2);

  // B edits their own comment (the thread is found by position: while editing, its text is in a textarea).
  const own = pb.getByTestId('comment-thread').first().getByTestId('comment');
  await own.getByTestId('comment-edit-button').click();
  await own.getByTestId('comment-edit').locator('textarea').fill('请问二叉树那题要求 O(n) 时间吗？');
  await own.getByTestId('comment-edit-submit').click();
  await own.getByTestId('comment-content').filter({ hasText: '请问二叉树那题要求 O(n) 时间吗？' }).waitFor();
  await own.getByText('已编辑').waitFor();

  // Favorite: the count moves at once and survives a reload.
  const fav = pb.getByTestId('favorite-button');
  assert.equal(await pb.getByTestId('favorite-count').innerText(), '0');
  await fav.click();
  await pb.getByTestId('favorite-count').filter({ hasText: /^1$/ }).waitFor();
  await expectToast(pb, '已收藏');
  await pb.reload();
  await pb.getByTestId('favorite-count').filter({ hasText: /^1$/ }).waitFor();
  assert.equal(await pb.getByTestId('favorite-button').getAttribute('aria-pressed'), 'true');
  await pb.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
  await b.screenshot('community-detail');

  await pb.goto('/favorites');
  await pb.getByTestId('fav-experiences').getByTestId('experience-card').filter({ hasText: TITLE }).waitFor();
  await pb.getByTestId('fav-experiences').getByText('收藏于').waitFor();
  await b.screenshot('community-favorites');
  await pb.getByTestId('tab-fav-discussions').click();
  await pb.getByTestId('fav-discussions-empty').waitFor();
});

test('A sees B\u2019s comment and the reply thread; A edits the 面经 from 我的发布', async () => {
  const pa = fx.page;
  await pa.goto(`/experiences/${expId}`);
  const thread = pa.getByTestId('comment-thread');
  await thread.getByTestId('comment-content').filter({ hasText: '请问二叉树那题要求 O(n) 时间吗？' }).waitFor();
  await thread.getByTestId('reply').filter({ hasText: '@张三 明白了，谢谢！' }).waitFor();
  await pa.getByTestId('comments-title').filter({ hasText: '评论（3）' }).waitFor();
  await pa.getByTestId('favorite-count').filter({ hasText: /^1$/ }).waitFor();

  await pa.goto('/my-posts');
  const card = pa.getByTestId('my-experiences').getByTestId('experience-card').filter({ hasText: TITLE });
  await card.waitFor();
  await card.getByTestId('post-edit').click();
  await pa.waitForURL((u) => u.pathname === `/experiences/${expId}/edit`);
  await pa.getByTestId('form-title').filter({ hasText: '编辑面经' }).waitFor();
  assert.equal(await pa.locator('#experience_title').inputValue(), TITLE);
  assert.equal(await pa.getByTestId('question-2').inputValue(), QUESTIONS[2]);
  expTitle = `${TITLE}（已更新）`;
  await pa.locator('#experience_title').fill(expTitle);
  await pa.getByTestId('experience-submit').click();
  await pa.waitForURL((u) => u.pathname === `/experiences/${expId}`);
  await pa.getByTestId('detail-title').filter({ hasText: '（已更新）' }).waitFor();
});

test('discussions: post with two tags, filter by a tag from the cloud', async () => {
  const pa = fx.page;
  await pa.goto('/discussions');
  await pa.getByTestId('discussions-empty').waitFor();
  await pa.getByTestId('new-discussion').click();
  await pa.waitForURL((u) => u.pathname === '/discussions/new');
  await pa.locator('#discussion_title').fill('秋招后端岗怎么准备算法题？');
  const tags = pa.locator('#discussion_tags');
  await tags.fill('秋招');
  await tags.press('Enter');
  await tags.fill('后端');
  await tags.press('Enter');
  await pa.getByTestId('tag-input').locator('.ant-select-selection-item', { hasText: '后端' }).waitFor();
  await pa.locator('#discussion_content').fill('每天刷两道 **LeetCode**，周末做一次模拟面试。大家怎么安排？');
  await pa.keyboard.press('Escape');
  await pa.getByTestId('discussion-submit').click();
  await pa.waitForURL((u) => /^\/discussions\/\d+$/.test(u.pathname));
  const detail = pa.getByTestId('discussion-detail');
  await detail.getByTestId('detail-tag').first().waitFor();
  assert.deepEqual((await detail.getByTestId('detail-tag').allInnerTexts()).sort(), ['# 后端', '# 秋招']);
  await detail.getByTestId('detail-content').locator('strong', { hasText: 'LeetCode' }).waitFor();

  // Another discussion with a different tag, which the tag filter must leave out.
  const other = await pageApi(pa, 'POST', '/api/discussions', {
    title: '有没有字节跳动的内推？',
    content: '求一个后端内推码',
    tags: ['内推'],
  });
  assert.equal(other.status, 201, JSON.stringify(other.body));

  await pa.goto('/discussions');
  await pa.getByTestId('discussion-card').filter({ hasText: '有没有字节跳动的内推？' }).waitFor();
  await pa.getByTestId('tag-cloud').getByText('秋招').click();
  await pa.waitForURL((u) => u.searchParams.get('tag') === '秋招');
  await pa.getByTestId('active-tag').filter({ hasText: '秋招' }).waitFor();
  await pa.getByTestId('discussion-card').filter({ hasText: '有没有字节跳动的内推？' }).waitFor({ state: 'detached' });
  await pa.getByTestId('discussion-list').getByTestId('discussion-card').filter({ hasText: '秋招后端岗怎么准备算法题？' }).waitFor();
  assert.equal(await pa.getByTestId('discussion-card').count(), 1);
  // A tag on a card filters too.
  await pa.goto('/discussions');
  await pa.getByTestId('discussion-card').filter({ hasText: '有没有字节跳动的内推？' }).getByTestId('discussion-tag').click();
  await pa.waitForURL((u) => u.searchParams.get('tag') === '内推');
  await pa.getByTestId('discussion-card').filter({ hasText: '秋招后端岗怎么准备算法题？' }).waitFor({ state: 'detached' });
  await pa.getByTestId('discussion-card').filter({ hasText: '有没有字节跳动的内推？' }).waitFor();
  assert.equal(await pa.getByTestId('discussion-card').count(), 1);
  await pa.goto('/discussions');
  await pa.getByTestId('discussion-card').nth(1).waitFor();
  await fx.browser.screenshot('community-discussions');

  await pa.goto('/my-posts?tab=discussions');
  await pa.getByTestId('my-discussions').getByTestId('discussion-card').nth(1).waitFor();
  assert.equal(await pa.getByTestId('my-discussions').getByTestId('discussion-card').count(), 2);
});

test('feedback: B posts, the admin sets a status and replies, B sees the reply', async () => {
  const pb = b.page;
  await pb.goto('/feedback');
  await pb.getByTestId('feedback-empty').waitFor();
  await pb.locator('#feedback_content').fill('希望面经能按公司订阅，有新面经时提醒我。');
  await pb.getByTestId('feedback-submit').click();
  await expectToast(pb, '留言已提交');
  const item = pb.getByTestId('feedback-item').filter({ hasText: '希望面经能按公司订阅' });
  await item.getByTestId('feedback-status').filter({ hasText: '待处理' }).waitFor();
  assert.equal(await pb.getByTestId('feedback-handle').count(), 0, 'only admins handle feedback');

  adm = await open('admin');
  await loginUi(adm.page, accountAdmin);
  const pm = adm.page;
  const claim = await pageApi(pm, 'POST', '/api/admin/claim', { token: fx.server.claimToken() });
  assert.equal(claim.status, 200, JSON.stringify(claim.body));
  await pm.goto('/feedback');
  const entry = pm.getByTestId('feedback-item').filter({ hasText: '希望面经能按公司订阅' });
  await entry.getByTestId('feedback-handle').click();
  await chooseOption(pm, '[data-testid=feedback-status-select]', '已解决');
  await entry.getByTestId('feedback-admin-form').locator('textarea').fill('感谢建议！公司订阅已列入计划。');
  await entry.getByTestId('feedback-admin-save').click();
  await entry.getByTestId('feedback-reply').filter({ hasText: '感谢建议！公司订阅已列入计划。' }).waitFor();
  await entry.getByTestId('feedback-status').filter({ hasText: '已解决' }).waitFor();

  await pb.reload();
  await item.getByTestId('feedback-reply').filter({ hasText: '感谢建议！' }).waitFor();
  await item.getByTestId('feedback-status').filter({ hasText: '已解决' }).waitFor();
  await pb.getByTestId('feedback-filter').getByText('待处理').click();
  await pb.getByTestId('feedback-empty').waitFor();
  await pb.getByTestId('feedback-filter').getByText('全部').click();
  await item.waitFor();
  await pb.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
  await b.screenshot('community-feedback');
});

test('admin deletes someone else\u2019s discussion; B cannot edit A\u2019s 面经', async () => {
  const pm = adm.page;
  await pm.goto(`/experiences/${expId}`);
  await pm.getByTestId('admin-delete').waitFor();
  assert.equal(await pm.getByTestId('post-edit').count(), 0);
  await pm.goto('/discussions');
  await pm.getByTestId('discussion-card').filter({ hasText: '有没有字节跳动的内推？' }).getByTestId('discussion-title').click();
  await pm.getByTestId('admin-delete').click();
  await pm.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
  await pm.waitForURL((u) => u.pathname === '/discussions');
  await pm.getByTestId('discussion-card').filter({ hasText: '有没有字节跳动的内推？' }).waitFor({ state: 'detached' });
  await pm.getByTestId('discussion-card').filter({ hasText: '秋招后端岗怎么准备算法题？' }).waitFor();
  await pm.getByTestId('discussion-total').filter({ hasText: '共 1 个讨论' }).waitFor();
  assert.equal(await pm.getByTestId('discussion-card').count(), 1);

  await b.page.goto(`/experiences/${expId}/edit`);
  await b.page.getByText('只有作者可以编辑这篇内容').waitFor();
});

test('an anonymous 面经 shows 匿名用户 to others and the name plus 匿名发布 to its author', async () => {
  const created = await pageApi(fx.page, 'POST', '/api/experiences', {
    title: '匿名分享：某大厂三面被挂',
    company: '某大厂',
    position: '前端开发',
    interview_result: 'rejected',
    interview_questions: ['浏览器事件循环'],
    content: '三面聊项目，问得很深。',
    anonymous: true,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  await b.page.goto(`/experiences/${id}`);
  await b.page.getByTestId('experience-detail').getByTestId('author-name').first().filter({ hasText: '匿名用户' }).waitFor();
  await b.page.goto('/?result=rejected');
  const card = b.page.getByTestId('experience-card').filter({ hasText: '匿名分享：某大厂三面被挂' });
  await card.getByTestId('author-name').filter({ hasText: '匿名用户' }).waitFor();
  await card.getByText('未录取').waitFor();
  await fx.page.goto(`/experiences/${id}`);
  const meta = fx.page.getByTestId('experience-detail').locator('.mj-article-meta');
  await meta.getByTestId('author-name').filter({ hasText: '张三' }).waitFor();
  await meta.getByText('匿名发布').waitFor();
});

test('phone width (390×844): feed, detail, write form, discussions, favorites and feedback fit', async () => {
  const m = await open('mobile', { viewport: { width: 390, height: 844 }, isMobile: true });
  const page = m.page;
  await loginUi(page, accountB);
  await page.getByTestId('experience-card').filter({ hasText: expTitle }).waitFor();
  await assertNoHorizontalOverflow(page, 'home');
  await m.screenshot('mobile-community-home');
  await page.getByTestId('toggle-filters').click();
  await page.getByTestId('feed-filters').waitFor();
  await assertNoHorizontalOverflow(page, 'home with filters');
  await m.screenshot('mobile-community-filters', { fullPage: false });

  await page.getByTestId('experience-card').filter({ hasText: expTitle }).getByTestId('experience-title').click();
  await page.getByTestId('experience-detail').waitFor();
  await page.getByTestId('comment-thread').waitFor();
  await assertNoHorizontalOverflow(page, 'detail');
  await m.screenshot('mobile-community-detail');

  await page.goto('/experiences/new');
  await page.getByTestId('experience-form').waitFor();
  await page.getByTestId('experience-submit').click();
  await page.getByText('请输入标题').waitFor();
  await assertNoHorizontalOverflow(page, 'write form');
  await m.screenshot('mobile-community-write');

  await page.goto('/discussions');
  await page.getByTestId('discussion-card').first().waitFor();
  await assertNoHorizontalOverflow(page, 'discussions');
  await m.screenshot('mobile-community-discussions');

  await page.goto('/favorites');
  await page.getByTestId('fav-experiences').waitFor();
  await assertNoHorizontalOverflow(page, 'favorites');
  await m.screenshot('mobile-community-favorites');

  await page.goto('/feedback');
  await page.getByTestId('feedback-item').first().waitFor();
  await assertNoHorizontalOverflow(page, 'feedback');
  await m.screenshot('mobile-community-feedback');
});

test('imported 面经 show their source and license', { skip: !process.env.E2E_IMPORT_EXPERIENCES && 'set E2E_IMPORT_EXPERIENCES=/work/shared/data/experiences.jsonl' }, async () => {
  const lines = readFileSync(process.env.E2E_IMPORT_EXPERIENCES, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const company = lines[0].company;
  const sameCompany = lines.filter((l) => l.company === company && l.source);
  const page = fx.page;
  // Every language: the first imported post may be in one other than the UI's (the feed's default).
  await page.goto(`/?company=${encodeURIComponent(company)}&lang=all`);
  const card = page.getByTestId('experience-card').filter({ has: page.getByTestId('source-badge') }).first();
  await card.waitFor();
  const badge = await card.getByTestId('source-badge').innerText();
  const line = sameCompany.find((l) => badge.includes(l.source) && (!l.license || badge.includes(l.license)));
  assert.ok(line, `badge "${badge}" should name the source and license of one imported ${company} post`);
  await card.getByTestId('experience-title').click();
  const attribution = page.getByTestId('attribution');
  await attribution.waitFor();
  const text = await attribution.innerText();
  assert.ok(text.includes(line.source), text);
  if (line.license) assert.ok(text.includes(line.license), text);
  const paths = sameCompany.filter((l) => l.source === line.source).map((l) => l.source_path);
  const shown = await page.getByTestId('source-path').innerText();
  assert.ok(paths.includes(shown), `source path ${shown} should be one of ${paths.join(', ')}`);
  await fx.browser.screenshot('community-imported');
});

test('English UI: the feed chrome and a detail page have no Chinese besides user content', async () => {
  const page = fx.page;
  await page.goto('/');
  await chooseMenuItem(page, page.getByTestId('lang-switcher'), page.getByTestId('lang-en'), page.getByTestId('nav-discussions').filter({ hasText: 'Discussions' }));
  await page.locator('.ant-dropdown').first().waitFor({ state: 'hidden' });
  const feedHead = await page.getByTestId('feed').locator('.mj-feed-head').innerText();
  assert.doesNotMatch(feedHead, /[\u3400-\u9fff]/, feedHead);
  await page.getByTestId('feed-sort').getByText('Top rated').waitFor();
  await fx.browser.screenshot('community-home-en');
  await page.goto(`/experiences/${expId}`);
  await page.getByTestId('detail-facts').getByText('Offer', { exact: true }).waitFor();
  await page.getByTestId('comments-title').filter({ hasText: 'Comments (3)' }).waitFor();
  await page.getByTestId('favorite-button').filter({ hasText: 'Favorite' }).waitFor();
  await fx.browser.screenshot('community-detail-en');
  await chooseMenuItem(page, page.getByTestId('lang-switcher'), page.getByTestId('lang-zh-CN'), page.getByTestId('nav-discussions').filter({ hasText: '讨论' }));
});
