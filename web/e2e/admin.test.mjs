// Admin: the first user claims admin rights with the start-up token, then manages users.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unique } from './browser.mjs';
import { PASSWORD, expectToast, useFixture, chooseMenuItem } from './helpers.mjs';

const fx = useFixture('admin');
let other;

/** Types into the admin search box and waits until the table shows exactly one row. */
async function search(page, q) {
  const input = page.getByTestId('admin-search').locator('input');
  await input.fill(q);
  await input.press('Enter');
  await page.waitForFunction(
    () => document.querySelectorAll('tbody tr.ant-table-row').length === 1 && !document.querySelector('.ant-spin-spinning'),
    null,
    { timeout: 5000 },
  );
}

test('claim admin, search users, disable/enable and grant admin with confirmation', async () => {
  const page = fx.page;
  const admin = `adm_${unique()}`.slice(0, 20);
  other = `usr_${unique()}`.slice(0, 20);
  const created = await fx.server.api('POST', '/api/users/signup', { accept_terms: true,
    account: other,
    name: '赵六',
    email: `${other}@example.com`,
    password: PASSWORD,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  await page.goto('/signup?tab=account');
  await page.getByTestId('consent-checkbox').check();
  await page.locator('#signup_account').fill(admin);
  await page.locator('#signup_name').fill('管理员甲');
  await page.locator('#signup_email').fill(`${admin}@example.com`);
  await page.locator('#signup_password').fill(PASSWORD);
  await page.locator('#signup_confirm').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();
  await page.waitForURL((u) => u.pathname === '/');

  // Not an admin yet: the admin page says so.
  await page.goto('/admin/users');
  await page.getByText('没有权限访问此页面').waitFor();

  await page.goto('/profile');
  await page.getByTestId('claim-admin').getByText('管理员认领').click();
  await page.locator('#claimAdmin_token').fill(fx.server.claimToken());
  await page.getByTestId('claim-submit').click();
  await expectToast(page, '你已成为管理员');

  await chooseMenuItem(page, page.getByTestId('user-menu'), page.getByRole('menuitem', { name: '用户管理' }), (u) => u.pathname === '/admin/users');
  const row = page.locator('tr', { hasText: other });
  await row.waitFor();

  await search(page, '赵六');

  await row.getByRole('button', { name: '禁用' }).click();
  await page.locator('.ant-popconfirm', { hasText: '确定禁用用户「赵六」吗？' }).getByRole('button', { name: '确定' }).click();
  await row.locator('.ant-tag', { hasText: '已禁用' }).waitFor();
  await page.locator('.ant-popover:visible').waitFor({ state: 'hidden' });
  await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
  await fx.browser.screenshot('admin-users');

  const login = await fx.server.api('POST', '/api/users/login', { account: other, password: PASSWORD });
  assert.equal(login.status, 403);
  assert.equal(login.body.code, 'account_disabled');

  await row.getByRole('button', { name: '启用' }).click();
  await page.locator('.ant-popconfirm', { hasText: '确定启用用户「赵六」吗？' }).getByRole('button', { name: '确定' }).click();
  await row.locator('.ant-tag', { hasText: '正常' }).waitFor();

  await row.getByRole('button', { name: '设为管理员' }).click();
  await page.locator('.ant-popconfirm', { hasText: '设为管理员吗' }).getByRole('button', { name: '确定' }).click();
  await row.getByRole('button', { name: '取消管理员' }).waitFor();
});

test('admin search finds a user by an account containing an underscore', async () => {
  // Accounts may contain `_`; the search must treat it literally, not as a LIKE wildcard.
  const page = fx.page;
  await page.goto('/admin/users');
  await search(page, other);
  await page.locator('tr', { hasText: other }).waitFor();
});
