// Issue 19, community basics: the feed shows the reader's language first (zh-CN → Chinese posts,
// en → English posts, a switch to all), 有帮助 votes, every page's document title, and a public
// profile that lists a user's posts but never their anonymous ones; once more at 390 px.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoHorizontalOverflow, closeChecked, loginUi, NO_IMPORTS, setUiLanguage, signupApi, tokenOf, useFixture } from './helpers.mjs';
import { openBrowser } from './browser.mjs';

const fx = useFixture('community-basics', {}, NO_IMPORTS);


async function postAs(token, body) {
  const res = await fetch(`${fx.server.apiUrl}/api/experiences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    // The fixtures post similar text on purpose: confirm the near-duplicates the API asks about.
    body: JSON.stringify({ ...body, confirm_duplicate: true }),
  });
  const created = await res.json();
  assert.equal(res.status, 201, JSON.stringify(created));
  return created.id;
}

const zh = (title, extra = {}) => ({
  title,
  company: '字节跳动',
  position: '后端开发',
  interview_result: 'offer',
  content: '一面先聊项目，然后问了二叉树的层序遍历和 Redis 缓存穿透，整体难度中等。',
  ...extra,
});
const en = (title) => ({
  title,
  company: 'Google',
  position: 'Software Engineer',
  interview_result: 'rejected',
  content: 'Two coding rounds about graphs and one system design round about a rate limiter.',
});

let author;
let authorId;
let zhId;
let anonTitle;

test('fixtures: Chinese posts are older than a screen of English ones', async () => {
  author = await signupApi(fx.server, 'cbauth', '面经作者');
  const token = await tokenOf(fx.server, author);
  zhId = await postAs(token, zh('字节跳动后端一面面经'));
  anonTitle = '匿名的字节三面面经';
  await postAs(token, zh(anonTitle, { anonymous: true }));
  for (let i = 1; i <= 4; i++) await postAs(token, en(`Google onsite round ${i}`));
  const me = await fetch(`${fx.server.apiUrl}/api/users/profile`, { headers: { authorization: `Bearer ${token}` } });
  authorId = (await me.json()).id;
});

test('zh-CN readers see Chinese posts first, can switch to all languages, and get told a page is short', async () => {
  const page = fx.page;
  await page.goto('/');
  await page.getByTestId('feed-list').waitFor();
  const titles = await page.getByTestId('experience-title').allInnerTexts();
  assert.deepEqual(titles, [anonTitle, '字节跳动后端一面面经'], 'only Chinese posts, newest first');
  await page.getByTestId('feed-lang-short').waitFor();
  assert.match(await page.getByTestId('feed-lang-short').innerText(), /当前只显示中文面经，共 2 篇/);
  assert.equal(await page.title(), '最新面经 · 面经 mianjing');
  await page.getByTestId('feed-lang-all').click();
  await page.waitForURL((u) => u.searchParams.get('lang') === 'all');
  await page.getByTestId('experience-title').nth(5).waitFor();
  assert.equal(await page.getByTestId('experience-title').count(), 6);
  assert.equal(await page.getByTestId('feed-lang-short').count(), 0);
  const feed = await page.getByTestId('feed-atom').getAttribute('href');
  assert.equal(feed, '/feeds/experiences.atom');
  const atom = await fetch(`${fx.server.apiUrl}${feed}`);
  assert.match(await atom.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  await fx.browser.screenshot('community-basics-feed-all');
});

test('a reader marks a 面经 helpful; the count and the vote survive a reload', async () => {
  const page = fx.page;
  const reader = await signupApi(fx.server, 'cbread', '读者');
  await loginUi(page, reader);
  await page.goto(`/experiences/${zhId}`);
  await page.getByTestId('detail-title').waitFor();
  await page.waitForFunction(() => document.title === '字节跳动后端一面面经 · 面经 mianjing');
  const button = page.getByTestId('helpful-button');
  assert.equal(await button.getByTestId('helpful-count').innerText(), '0');
  await button.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="helpful-button"]')?.getAttribute('aria-pressed') === 'true');
  assert.equal(await button.getByTestId('helpful-count').innerText(), '1');
  await page.reload();
  await page.getByTestId('detail-title').waitFor();
  assert.equal(await page.getByTestId('helpful-button').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('helpful-count').innerText(), '1');
  await page.goto('/');
  const card = page.locator(`[data-testid="experience-card"][data-id="${zhId}"]`);
  assert.equal((await card.getByTestId('stat-helpful').innerText()).trim(), '1');
  await fx.browser.screenshot('community-basics-helpful');
});

test('comments read oldest first or most helpful first', async () => {
  const token = await tokenOf(fx.server, author);
  const comment = async (content) => {
    const r = await fx.server.api('POST', `/api/experiences/${zhId}/comments`, { content }, token);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const first = await comment('补充：一面还问了 TCP 三次握手');
  const second = await comment('补充：二面手写了 LRU 缓存');
  const voter = await tokenOf(fx.server, await signupApi(fx.server, 'cbvote', '投票人'));
  assert.equal((await fx.server.api('PUT', `/api/comments/${second.id}/helpful`, undefined, voter)).status, 200);
  assert.ok(first.id < second.id);

  const page = fx.page;
  await page.goto(`/experiences/${zhId}`);
  const threads = page.getByTestId('comment-thread').getByTestId('comment-content');
  await threads.first().waitFor();
  assert.deepEqual(await threads.allInnerTexts(), ['补充：一面还问了 TCP 三次握手', '补充：二面手写了 LRU 缓存']);
  await page.getByTestId('comment-sort').getByText('最有帮助').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=comment-thread] [data-testid=comment-content]')?.textContent === '补充：二面手写了 LRU 缓存');
  assert.deepEqual(await threads.allInnerTexts(), ['补充：二面手写了 LRU 缓存', '补充：一面还问了 TCP 三次握手']);
  await fx.browser.screenshot('community-basics-comment-sort');
});

test('every page sets its own title, in the UI language', async () => {
  const page = fx.page;
  const expect = async (path, title) => {
    await page.goto(path);
    await page.waitForFunction((t) => document.title === t, title, { timeout: 10_000 }).catch(async () => {
      assert.fail(`${path}: title is "${await page.title()}", expected "${title}"`);
    });
  };
  await expect('/discussions', '讨论区 · 面经 mianjing');
  await expect('/questions', '题库 · 面经 mianjing');
  await expect('/favorites', '我的收藏 · 面经 mianjing');
  await expect('/no/such/page', '页面不存在 · 面经 mianjing');
  await setUiLanguage(page, 'en');
  await expect('/discussions', 'Discussions · 面经 mianjing');
  await expect('/feedback', 'Feedback · 面经 mianjing');
  // English readers see English posts first.
  await page.goto('/');
  await page.getByTestId('feed-list').waitFor();
  const titles = await page.getByTestId('experience-title').allInnerTexts();
  assert.equal(titles.length, 4);
  assert.ok(titles.every((t) => t.startsWith('Google onsite')), titles.join(' | '));
  await setUiLanguage(page, 'zh-CN');
});

test('a public profile lists the posts but never the anonymous one, also to its author', async () => {
  const page = fx.page;
  await page.context().clearCookies(); // log the reader out
  await loginUi(page, author);
  await page.goto(`/users/${authorId}`);
  await page.getByTestId('public-profile').waitFor();
  await page.waitForFunction(() => document.title === '面经作者 的主页 · 面经 mianjing');
  await page.getByTestId('user-experiences').getByTestId('experience-title').first().waitFor();
  const titles = await page.getByTestId('user-experiences').getByTestId('experience-title').allInnerTexts();
  assert.equal(titles.length, 5, titles.join(' | '));
  assert.ok(!titles.includes(anonTitle), 'the anonymous post is not listed');
  await page.getByTestId('tab-user-discussions').click();
  await page.getByTestId('user-discussions-empty').waitFor();
  await fx.browser.screenshot('community-basics-profile');
});

test('at 390 px the feed, a post and a profile fit the screen', async () => {
  const phone = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const page = phone.page;
    await page.goto('/');
    await page.getByTestId('feed-lang').waitFor();
    await page.getByTestId('feed-lang-short').waitFor();
    await assertNoHorizontalOverflow(page, 'feed');
    await phone.screenshot('community-basics-mobile-feed');
    await page.goto(`/experiences/${zhId}`);
    await page.getByTestId('helpful-button').waitFor();
    await assertNoHorizontalOverflow(page, 'post');
    await page.goto(`/users/${authorId}`);
    await page.getByTestId('user-experiences').waitFor();
    await assertNoHorizontalOverflow(page, 'profile');
    await phone.screenshot('community-basics-mobile-profile');
  } finally {
    await closeChecked('phone', phone);
  }
});
