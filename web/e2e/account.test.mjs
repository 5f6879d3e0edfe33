// Flow 1: sign-up → automatic login → edit profile → reload → logout → password login.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unique } from './browser.mjs';
import { PASSWORD, chooseOption, expectToast, useFixture, chooseMenuItem } from './helpers.mjs';

const fx = useFixture('account');

test('sign up, edit profile, log out and log in again', async () => {
  const page = fx.page;
  const id = unique();
  const account = `u_${id}`.slice(0, 20);
  const name = '张三';
  const email = `${account}@example.com`;

  await page.goto('/signup?tab=account');
  await page.getByTestId('consent-checkbox').check();
  await page.locator('#signup_account').fill(account);
  await page.locator('#signup_name').fill(name);
  await page.locator('#signup_email').fill(email);
  // Client-side validation mirrors the server rule: a too-short password is refused before sending.
  await page.locator('#signup_password').fill('short7');
  await page.locator('#signup_confirm').fill('short7');
  await page.getByTestId('signup-submit').click();
  await page.getByText('密码需为 8–128 个字符（空格、中文和符号都可以，不要求大小写或数字）').waitFor();
  await fx.browser.screenshot('signup-validation');

  // A common password passes the client rule but the server refuses it: its `fields` reason is
  // shown under the password input.
  await page.locator('#signup_password').fill('Password123');
  await page.locator('#signup_confirm').fill('Password123');
  await page.getByTestId('signup-submit').click();
  const passwordHelp = page.locator('#signup_password_help .ant-form-item-explain-error');
  await passwordHelp.waitFor();
  await page.waitForTimeout(400); // help text slides in
  assert.match(await passwordHelp.innerText(), /[\u4e00-\u9fff]/);
  console.log('server reason for a common password:', await passwordHelp.innerText());
  await fx.browser.screenshot('signup-server-field-error');

  await page.locator('#signup_password').fill(PASSWORD);
  await page.locator('#signup_confirm').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByTestId('home-greeting').filter({ hasText: name }).waitFor();
  await page.getByTestId('user-name').filter({ hasText: name }).waitFor();
  await fx.browser.screenshot('home-logged-in');

  // Edit the profile.
  await chooseMenuItem(page, page.getByTestId('user-menu'), page.getByRole('menuitem', { name: '个人资料' }), (u) => u.pathname === '/profile');
  await page.locator('#profile_name').fill('李四');
  await page.locator('#profile_signature').fill('正在准备秋招，欢迎交流');
  await chooseOption(page, '[data-testid="gender-select"]', '女');
  await page.getByTestId('profile-save').click();
  await expectToast(page, '资料已保存');

  await page.reload();
  await page.locator('#profile_name').waitFor();
  assert.equal(await page.locator('#profile_name').inputValue(), '李四');
  assert.equal(await page.locator('#profile_signature').inputValue(), '正在准备秋招，欢迎交流');
  await page.locator('[data-testid="gender-select"]', { hasText: '女' }).waitFor();
  await page.getByTestId('profile-gender').filter({ hasText: '女' }).waitFor();
  await page.getByTestId('profile-name').filter({ hasText: '李四' }).waitFor();
  await fx.browser.screenshot('profile-saved');

  // Log out: from a login-only page we land on the home page, not on /login.
  await chooseMenuItem(page, page.getByTestId('user-menu'), page.getByTestId('logout'), page.getByTestId('nav-login'));
  assert.equal(new URL(page.url()).pathname, '/');
  await page.goto('/profile');
  await page.waitForURL((u) => u.pathname === '/login');

  // Log in with the password again; `next` brings us back to the profile.
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill(PASSWORD);
  await fx.browser.screenshot('login-filled');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/profile');
  await page.getByTestId('profile-name').filter({ hasText: '李四' }).waitFor();

  // Wrong password shows the server's message in an Alert.
  await chooseMenuItem(page, page.getByTestId('user-menu'), page.getByTestId('logout'), page.getByTestId('nav-login'));
  await page.goto('/login');
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill('Wrong1234');
  await page.getByTestId('login-submit').click();
  const alert = page.getByTestId('form-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /[\u4e00-\u9fff]/, 'error message is in Chinese');
  await fx.browser.screenshot('login-error');
});
