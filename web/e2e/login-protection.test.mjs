// Login protection in the UI: the password rules without composition rules, and a locked-out
// browser pointed to the code login while the owner still gets in from another client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unique } from './browser.mjs';
import { PASSWORD, useFixture, chooseMenuItem } from './helpers.mjs';

const fx = useFixture('login-protection');

test('passphrases pass, personal words and short passwords do not; a locked browser is told what to do', async () => {
  const page = fx.page;
  const account = `lp_${unique()}`.slice(0, 20);
  const email = `${account}@example.com`;

  await page.goto('/signup?tab=account');
  await page.getByTestId('consent-checkbox').check();
  await page.locator('#signup_account').fill(account);
  await page.locator('#signup_name').fill('周八');
  await page.locator('#signup_email').fill(email);

  // The account name inside the password is refused before sending.
  await page.locator('#signup_password').fill(`my-${account}-pass`);
  await page.locator('#signup_confirm').fill(`my-${account}-pass`);
  await page.getByTestId('signup-submit').click();
  await page.getByText('密码不能包含你的账号名、邮箱用户名或手机号').waitFor();
  await fx.browser.screenshot('signup-personal-word');

  // Characters, not bytes: seven Chinese characters are too short.
  await page.locator('#signup_password').fill('七个汉字的密码');
  await page.locator('#signup_confirm').fill('七个汉字的密码');
  await page.getByTestId('signup-submit').click();
  await page.getByText('密码需为 8–128 个字符（空格、中文和符号都可以，不要求大小写或数字）').waitFor();

  // A lower-case passphrase with spaces is a good password.
  const passphrase = 'correct horse battery staple';
  await page.locator('#signup_password').fill(passphrase);
  await page.locator('#signup_confirm').fill(passphrase);
  await page.getByTestId('signup-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByTestId('user-name').filter({ hasText: '周八' }).waitFor();

  // The login gave this browser a device token (an HttpOnly cookie for /api/users only).
  const cookies = await page.context().cookies();
  const device = cookies.find((c) => c.name === 'mj_device');
  assert.ok(device, `mj_device cookie in ${JSON.stringify(cookies.map((c) => c.name))}`);
  assert.equal(device.httpOnly, true);
  assert.equal(device.path, '/api/users');

  // Five wrong passwords lock this browser out of the account; the sixth try says so.
  await chooseMenuItem(page, page.getByTestId('user-menu'), page.getByTestId('logout'), page.getByTestId('nav-login'));
  await page.goto('/login');
  for (let i = 0; i < 6; i += 1) {
    await page.locator('#login_account').fill(account);
    await page.locator('#login_password').fill(`${PASSWORD}-wrong`);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('form-error').waitFor();
    if (i < 5) {
      await page.getByTestId('form-error').filter({ hasText: '账号或密码错误' }).waitFor();
    }
  }
  await page.getByTestId('form-error').filter({ hasText: '用密码登录的尝试过多，请稍后再试，或改用验证码登录' }).waitFor();
  await fx.browser.screenshot('login-locked');

  // Another client of the owner (same address, no failures of its own) still gets in.
  const other = await fx.server.api('POST', '/api/users/login', { account, password: passphrase });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  assert.equal(typeof other.body.device_token, 'string');
});
