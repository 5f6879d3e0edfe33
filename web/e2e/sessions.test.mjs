// Sessions (issue 18): the profile page lists the devices logged in to the account, ends one and
// every other one after a confirmation (the ended tokens stop working at once), in zh-CN, zh-TW and
// en, and fits a phone's width. Screenshots go to e2e/artifacts/ and /tmp/shots-sessions/.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openBrowser } from './browser.mjs';
import { PASSWORD, assertNoHorizontalOverflow, closeChecked, expectToast, loginUi, setUiLanguage, signupApi, useFixture } from './helpers.mjs';

const fx = useFixture('sessions');
const SHOTS = '/tmp/shots-sessions';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';

async function shot(browser, name) {
  const file = await browser.screenshot(`sessions-${name}`);
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(file, path.join(SHOTS, path.basename(file)));
}

/** Logs `account` in over the API as another device; returns its token. */
async function loginAs(account, userAgent) {
  const res = await fetch(`${fx.server.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ account, password: PASSWORD, keep_logged_in: true }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

async function profileStatus(token) {
  const res = await fetch(`${fx.server.baseUrl}/api/users/profile`, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

test('the profile page lists the devices and ends one and all others', async () => {
  const page = fx.page;
  const account = await signupApi(fx.server, 'sess', '王五');
  const phone = await loginAs(account, IPHONE);
  const windows = await loginAs(account, WINDOWS);
  await loginUi(page, account);
  await page.goto('/profile');
  const rows = page.getByTestId('session-row');
  await rows.nth(2).waitFor();
  assert.equal(await rows.count(), 3);
  // The browser's own session comes first, tagged.
  await rows.first().getByTestId('session-current').filter({ hasText: '本机' }).waitFor();
  await page.getByTestId('sessions').getByText('iOS (iPhone) 上的 Safari').waitFor();
  await page.getByTestId('sessions').getByText('Windows 10 上的 Firefox').waitFor();
  await page.getByTestId('sessions').scrollIntoViewIfNeeded();
  await shot(fx.browser, 'zh-CN');

  // End the iPhone's session: confirm, toast, gone from the list, its token dead at once.
  const iphoneRow = rows.filter({ hasText: 'iOS (iPhone)' });
  await iphoneRow.getByTestId('session-end').click();
  const dialog = page.locator('.ant-modal').filter({ hasText: 'IP' });
  await dialog.waitFor();
  await shot(fx.browser, 'confirm-one');
  await dialog.getByRole('button', { name: '退出登录' }).click();
  await expectToast(page, '已退出登录');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="session-row"]').length === 2);
  assert.equal(await profileStatus(phone), 401);
  assert.equal(await profileStatus(windows), 200);

  // End every other one.
  await page.getByTestId('sessions-end-others').click();
  const all = page.locator('.ant-modal').filter({ hasText: '除本机外的 1 台设备' });
  await all.waitFor();
  await all.getByRole('button', { name: '退出其他所有设备' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="session-row"]').length === 1);
  assert.equal(await page.getByTestId('sessions-end-others').count(), 0, 'nothing else to end');
  assert.equal(await profileStatus(windows), 401);
  // The browser's own session still works.
  await page.reload();
  await page.getByTestId('session-current').waitFor();

  await loginAs(account, WINDOWS);
  await setUiLanguage(page, 'zh-TW');
  await page.goto('/profile');
  await page.getByTestId('sessions').getByText('登入裝置').first().waitFor();
  await page.getByTestId('sessions').getByText('Windows 10 上的 Firefox').waitFor();
  await page.getByTestId('sessions').getByText('登出其他所有裝置').waitFor();
  await page.getByTestId('sessions').scrollIntoViewIfNeeded();
  await shot(fx.browser, 'zh-TW');
  await setUiLanguage(page, 'en');
  await page.goto('/profile');
  await page.getByTestId('sessions').getByText('Firefox on Windows 10').waitFor();
  await page.getByTestId('session-current').filter({ hasText: 'This device' }).waitFor();
  await page.getByTestId('sessions').scrollIntoViewIfNeeded();
  await shot(fx.browser, 'en');
  await setUiLanguage(page, 'zh-CN');

  // A phone's width: no sideways overflow.
  const mobile = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    await loginUi(mobile.page, account);
    await mobile.page.goto('/profile');
    await mobile.page.getByTestId('session-row').nth(2).waitFor();
    await assertNoHorizontalOverflow(mobile.page, 'profile with sessions on a phone');
    await mobile.page.getByTestId('sessions').scrollIntoViewIfNeeded();
    await shot(mobile, 'phone');
  } finally {
    await closeChecked('phone', mobile);
  }
});
