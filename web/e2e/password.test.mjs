// Password reset by email code, password change, public profile and account deletion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unique } from './browser.mjs';
import { PASSWORD, expectToast, useFixture, chooseMenuItem } from './helpers.mjs';

const fx = useFixture('password');

async function passwordLogin(page, account, password) {
  await page.goto('/login');
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
}

async function logout(page) {
  await chooseMenuItem(page, page.getByTestId('user-menu'), page.getByTestId('logout'), page.getByTestId('nav-login'));
}

test('reset a forgotten password, change it, view the public profile, delete the account', async () => {
  const page = fx.page;
  const account = `pw_${unique()}`.slice(0, 20);
  const email = `${account}@example.com`;
  const created = await fx.server.api('POST', '/api/users/signup', { accept_terms: true, account, name: '钱七', email, password: PASSWORD });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const userId = created.body.id;

  // Forgot password: code by email, then a new password.
  await page.goto('/login');
  await page.getByText('忘记密码？').click();
  await page.waitForURL((u) => u.pathname === '/forgot-password');
  await page.locator('#forgot_target').fill(email);
  const sentAt = Date.now() - 1000;
  await page.getByTestId('send-code').click();
  const code = await fx.server.readCode(email, { after: sentAt });
  await page.locator('#forgot_code').fill(code);
  const reset = 'Reset-Pass-42x';
  await page.locator('#forgot_new_password').fill(reset);
  await page.locator('#forgot_confirm').fill(reset);
  await fx.browser.screenshot('forgot-password');
  await page.getByTestId('reset-submit').click();
  await page.waitForURL((u) => u.pathname === '/login');
  await expectToast(page, '密码已重置');

  await passwordLogin(page, email, reset);
  await page.getByTestId('home-greeting').filter({ hasText: '钱七' }).waitFor();

  // Change the password on the profile page.
  await page.goto('/profile');
  const changed = 'Changed-Pass-77y';
  await page.locator('#changePassword_old_password').fill(reset);
  await page.locator('#changePassword_new_password').fill(changed);
  await page.locator('#changePassword_confirm').fill(changed);
  await page.getByTestId('password-form').getByRole('button', { name: '修改密码' }).click();
  await expectToast(page, '密码已修改');
  await logout(page);
  await passwordLogin(page, account, changed);

  // Public profile.
  await page.goto(`/users/${userId}`);
  await page.getByTestId('public-profile').getByText('钱七').waitFor();
  await page.goto('/users/987654');
  await page.getByText('用户不存在或已注销').waitFor();

  // Delete the account: a wrong password is refused, the right one (after confirmation) works.
  await page.goto('/profile');
  await page.locator('#deleteAccount_password').fill('Not-The-Pass-1');
  await page.getByTestId('delete-form').getByRole('button', { name: '注销我的账号' }).click();
  await page.locator('.ant-modal').getByRole('button', { name: '注销我的账号' }).click();
  await page.locator('#deleteAccount_password_help, [data-testid="delete-form"] [data-testid="form-error"]').first().waitFor();
  await page.locator('#deleteAccount_password').fill(changed);
  await page.getByTestId('delete-form').getByRole('button', { name: '注销我的账号' }).click();
  await page.locator('.ant-modal').getByRole('button', { name: '注销我的账号' }).click();
  await expectToast(page, '账号已注销');
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByTestId('nav-login').waitFor();

  const again = await fx.server.api('POST', '/api/users/login', { account, password: changed });
  assert.equal(again.status, 400);
});
