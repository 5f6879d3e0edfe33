// Flow 4: phone-width (390×844) layout: nav collapses into a drawer, nothing overflows sideways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD, useFixture } from './helpers.mjs';
import { unique } from './browser.mjs';

const fx = useFixture('mobile', { viewport: { width: 390, height: 844 }, isMobile: true });

async function assertNoHorizontalOverflow(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide, wider than the 390px screen`);
}

test('home and login fit a phone screen and the nav is a drawer', async () => {
  const page = fx.page;
  await page.goto('/');
  await page.getByTestId('home').waitFor();
  await page.getByTestId('nav-toggle').waitFor();
  assert.equal(await page.locator('.ant-menu-horizontal').count(), 0, 'no horizontal menu on a phone');
  await assertNoHorizontalOverflow(page);
  await fx.browser.screenshot('mobile-home', { fullPage: false });
  await fx.browser.screenshot('mobile-home-full');

  await page.getByTestId('nav-toggle').click();
  const drawer = page.locator('.ant-drawer-body');
  await drawer.getByText('模拟面试').waitFor();
  await drawer.getByText('留言板').waitFor();
  await page.waitForTimeout(400); // let the slide-in animation finish
  await fx.browser.screenshot('mobile-drawer', { fullPage: false });
  await drawer.getByText('题库').click();
  await page.waitForURL((u) => u.pathname === '/questions');
  await page.getByTestId('question-bank').waitFor();
  await assertNoHorizontalOverflow(page);

  await page.goto('/login');
  await page.getByTestId('password-login-form').waitFor();
  await assertNoHorizontalOverflow(page);
  await fx.browser.screenshot('mobile-login', { fullPage: false });

  await page.getByTestId('tab-code').click();
  await page.getByTestId('code-login-form').waitFor();
  await page.waitForTimeout(400); // tab switch animation
  await assertNoHorizontalOverflow(page);
  await fx.browser.screenshot('mobile-login-code', { fullPage: false });

  await page.goto('/signup');
  await page.getByTestId('phone-signup-form').waitFor();
  await assertNoHorizontalOverflow(page);
  await fx.browser.screenshot('mobile-signup');
});

test('logged in on a phone: header shows the avatar menu, profile and admin-free menu fit', async () => {
  const page = fx.page;
  const account = `m_${unique()}`.slice(0, 20);
  const created = await fx.server.api('POST', '/api/users/signup', { accept_terms: true,
    account,
    name: '手机用户',
    email: `${account}@example.com`,
    password: PASSWORD,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await page.goto('/login');
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByTestId('home-greeting').filter({ hasText: '手机用户' }).waitFor();
  await page.getByTestId('user-menu').waitFor();
  await assertNoHorizontalOverflow(page);
  await fx.browser.screenshot('mobile-home-logged-in', { fullPage: false });

  await page.goto('/profile');
  await page.getByTestId('profile-form').waitFor();
  await assertNoHorizontalOverflow(page);
  await fx.browser.screenshot('mobile-profile');
});
