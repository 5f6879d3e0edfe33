// Flow 3: the language switcher changes the navigation, persists, and server errors follow it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useFixture, chooseMenuItem } from './helpers.mjs';

const fx = useFixture('i18n');

const CJK = /[\u3400-\u9fff]/;

test('switching to English changes the nav and server messages; zh-TW uses Traditional characters', async () => {
  const page = fx.page;
  await page.goto('/');
  await page.getByTestId('nav-discussions').filter({ hasText: '讨论' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');

  await chooseMenuItem(page, page.getByTestId('lang-switcher'), page.getByTestId('lang-en'), page.getByTestId('nav-discussions').filter({ hasText: 'Discussions' }));
  assert.equal(await page.getByTestId('nav-questions').innerText(), 'Questions');
  assert.equal(await page.getByTestId('nav-login').innerText(), 'Log in');
  await page.locator('.ant-dropdown').first().waitFor({ state: 'hidden' });
  await fx.browser.screenshot('home-en');

  // The choice survives a reload.
  await page.reload();
  await page.getByTestId('nav-discussions').filter({ hasText: 'Discussions' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

  // No Chinese left in the English home page, except the brand, the language names (each in its
  // own language, as language pickers show them) and what users wrote: the imported posts (cards,
  // their authors) and the companies they name.
  await page.getByTestId('feed').waitFor();
  const text = (await page.evaluate(() => {
    let text = document.body.innerText;
    for (const e of document.querySelectorAll('[data-testid="experience-card"], [data-testid="hot-companies"]')) text = text.replace(e.innerText, '');
    return text;
  }))
    .replaceAll('面经 mianjing', '')
    .replaceAll('简体中文', '')
    .replaceAll('繁體中文', '')
    .replaceAll('中文', '')
    .replaceAll('面', ''); // logo mark
  assert.doesNotMatch(text, CJK, `unexpected Chinese in English UI: ${text.match(/.{0,20}[\u3400-\u9fff].{0,20}/)?.[0]}`);

  // Server error messages follow Accept-Language.
  await page.goto('/login');
  await page.locator('#login_account').fill('nobody_here');
  await page.locator('#login_password').fill('Wrong1234x');
  await page.getByTestId('login-submit').click();
  const alert = page.getByTestId('form-error');
  await alert.waitFor();
  assert.doesNotMatch(await alert.innerText(), CJK, 'server error message should be English');
  await fx.browser.screenshot('login-error-en');

  // Traditional Chinese.
  await chooseMenuItem(page, page.getByTestId('lang-switcher'), page.getByTestId('lang-zh-TW'), page.getByTestId('nav-discussions').filter({ hasText: '討論' }));
  assert.equal(await page.getByTestId('nav-questions').innerText(), '題庫');
  await page.getByRole('tab', { name: '密碼登入' }).waitFor();
  // The English server message from before is not left behind in the Chinese screen.
  await page.getByTestId('form-error').waitFor({ state: 'detached' });
  await page.locator('.ant-dropdown').first().waitFor({ state: 'hidden' });
  await fx.browser.screenshot('login-zh-TW');

  // Back to Simplified Chinese.
  await chooseMenuItem(page, page.getByTestId('lang-switcher'), page.getByTestId('lang-zh-CN'), page.getByTestId('nav-discussions').filter({ hasText: '讨论' }));
});

test('the question bank is public, unknown paths show a 404, personal areas need a login', async () => {
  const page = fx.page;
  await page.goto('/questions');
  await page.getByTestId('question-bank').getByText('题库', { exact: true }).waitFor();
  await page.goto('/no/such/page');
  await page.getByText('页面不存在', { exact: true }).waitFor();
  // Personal areas need a login first.
  await page.goto('/favorites');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/favorites');
  for (const path of ['/mock-interviews', '/mistakes', '/ability', '/resume']) {
    await page.goto(path);
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === path);
  }
});
