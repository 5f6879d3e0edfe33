// Issue 18: adding a phone number through the profile page's own verified flow (zh-CN on a desktop,
// en at phone width), the profile form saving without a code, and an anonymous post's author shown
// as 楼主 in its comments. Screenshots are copied to /tmp/shots-contact/.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openBrowser, uniquePhone } from './browser.mjs';
import {
  PASSWORD,
  assertNoHorizontalOverflow,
  closeChecked,
  expectToast,
  loginUi,
  setUiLanguage,
  signupApi,
  tokenOf,
  useFixture,
} from './helpers.mjs';

const fx = useFixture('contact');
const SHOTS = '/tmp/shots-contact';

async function shot(browser, name) {
  const file = await browser.screenshot(`contact-${name}`);
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(file, path.join(SHOTS, `${name}.png`));
}


/** Adds `phone` in the open profile page: dialog → send code → code from the outbox → confirm. */
async function addPhone(page, browser, phone, { taken, texts, prefix }) {
  await page.getByTestId('contact-phone-change').filter({ hasText: texts.add }).click();
  const dialog = page.getByTestId('contact-modal');
  await dialog.locator('#contact_phone_value').waitFor();
  // Sending without a number marks the field instead of sending.
  await dialog.getByTestId('send-code').click();
  await dialog.locator('#contact_phone_value_help .ant-form-item-explain-error').waitFor();
  // A number another account has is refused up front, under the field.
  await dialog.locator('#contact_phone_value').fill(taken);
  await dialog.getByTestId('send-code').click();
  await dialog.locator('#contact_phone_value_help', { hasText: texts.taken }).waitFor();
  await shot(browser, `${prefix}-taken`);

  await dialog.locator('#contact_phone_value').fill(phone);
  const sentAt = Date.now() - 1000;
  await dialog.getByTestId('send-code').click();
  await dialog.getByText(texts.sentTo).waitFor();
  const code = await fx.server.readCode(phone, { after: sentAt });
  // A wrong code is marked under the code input; the dialog stays open.
  await dialog.locator('#contact_phone_code').fill(code === '000000' ? '111111' : '000000');
  await dialog.getByTestId('contact-submit').click();
  // The code input sits in a compact group, whose item shows the reason.
  await dialog.locator('.ant-form-item-explain-error', { hasText: texts.wrongCode }).waitFor();
  await shot(browser, `${prefix}-wrong-code`);
  await dialog.locator('#contact_phone_code').fill(code);
  await dialog.getByTestId('contact-submit').click();
  await expectToast(page, texts.done);
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('contact-phone-value').inputValue(), phone);
  await page.getByTestId('contact-phone-change').filter({ hasText: texts.change }).waitFor();
}

test('zh-CN: the profile saves without a code, and a phone number is added with one', async () => {
  const page = fx.page;
  const taken = uniquePhone();
  const login = await fx.server.api('POST', '/api/verification-codes', { target: taken, purpose: 'login' });
  assert.equal(login.status, 202);
  const code = await fx.server.readCode(taken);
  assert.equal((await fx.server.api('POST', '/api/users/login/code', { accept_terms: true, target: taken, code })).status, 200);

  const account = await signupApi(fx.server, 'contact', '陈一');
  await loginUi(page, account);
  await page.goto('/profile');
  await page.getByTestId('contact-change').waitFor();
  assert.equal(await page.getByTestId('contact-phone-value').inputValue(), '');
  assert.equal(await page.getByTestId('contact-email-value').inputValue(), `${account}@example.com`);
  assert.equal(await page.locator('#profile_phone').count(), 0, 'the profile form has no phone input any more');

  // The rest of the profile saves on its own.
  await page.locator('#profile_signature').fill('在准备春招');
  await page.getByTestId('profile-save').click();
  await expectToast(page, '资料已保存');
  await shot(fx.browser, 'zh-profile');

  const phone = uniquePhone();
  await addPhone(page, fx.browser, phone, {
    taken,
    prefix: 'zh',
    texts: { add: '添加', change: '更换', taken: '该手机号已被注册', wrongCode: '验证码错误或已过期', sentTo: `验证码已发送至 ${phone}`, done: '手机号已更新' },
  });
  await shot(fx.browser, 'zh-done');
  await page.reload();
  await page.getByTestId('contact-change').waitFor();
  assert.equal(await page.getByTestId('contact-phone-value').inputValue(), phone);
  assert.equal(await page.locator('#profile_signature').inputValue(), '在准备春招');
  // The new number logs in.
  const res = await fx.server.api('POST', '/api/users/login', { account: phone, password: PASSWORD });
  assert.equal(res.status, 200, JSON.stringify(res.body));
});

test('en at phone width: a phone number is added in the dialog, nothing overflows', async () => {
  const mobile = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true, locale: 'en-US' });
  try {
    const page = mobile.page;
    const taken = uniquePhone();
    await fx.server.api('POST', '/api/verification-codes', { target: taken, purpose: 'login' });
    const code = await fx.server.readCode(taken);
    assert.equal((await fx.server.api('POST', '/api/users/login/code', { accept_terms: true, target: taken, code })).status, 200);
    const account = await signupApi(fx.server, 'contact_en', 'Ann Lee');
    await setUiLanguage(page, 'en');
    await loginUi(page, account);
    await page.goto('/profile');
    await page.getByTestId('contact-change').waitFor();
    await page.getByTestId('contact-change').scrollIntoViewIfNeeded();
    await assertNoHorizontalOverflow(page, 'profile at phone width');
    await shot(mobile, 'en-mobile-profile');
    const phone = uniquePhone();
    await addPhone(page, mobile, phone, {
      taken,
      prefix: 'en-mobile',
      texts: { add: 'Add', change: 'Change', taken: /phone number/i, wrongCode: /code/i, sentTo: `Code sent to ${phone}`, done: 'Phone number updated' },
    });
    await assertNoHorizontalOverflow(page, 'profile after the change');
    await shot(mobile, 'en-mobile-done');
  } finally {
    await closeChecked('mobile', mobile);
  }
});

test('the author of an anonymous post comments as 楼主 to others', async () => {
  const author = await signupApi(fx.server, 'anon_op', '秘密作者');
  const reader = await signupApi(fx.server, 'anon_rd', '读者乙');
  const token = await tokenOf(fx.server, author);
  const post = await fx.server.api('POST', '/api/experiences', {
    title: '匿名的腾讯面经',
    company: '腾讯',
    position: '后端开发',
    content: '一面问了网络。',
    interview_questions: ['TCP 三次握手'],
    anonymous: true,
  }, token);
  assert.equal(post.status, 201, JSON.stringify(post.body));
  const c = await fx.server.api('POST', `/api/experiences/${post.body.id}/comments`, { content: '楼主补充：二面问了算法' }, token);
  assert.equal(c.status, 201, JSON.stringify(c.body));

  const browser = await openBrowser(fx.server.baseUrl);
  try {
    const page = browser.page;
    await loginUi(page, reader);
    await page.goto(`/experiences/${post.body.id}`);
    const comment = page.getByTestId('comment').filter({ hasText: '楼主补充' });
    await comment.getByTestId('op-badge').filter({ hasText: '楼主' }).waitFor();
    assert.equal(await comment.locator('a[href^="/users/"]').count(), 0, 'no profile link');
    assert.equal(await comment.getByText('秘密作者').count(), 0, 'no name');
    await shot(browser, 'zh-op-comment');
  } finally {
    await closeChecked('reader', browser);
  }
});
