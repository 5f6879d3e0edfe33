// Issue 19: sign-up by phone with consent to the terms and privacy policy (zh-CN at 390 px, en),
// the pages it links to, and the profile page's data export.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { openBrowser, uniquePhone } from './browser.mjs';
import { PASSWORD, assertNoHorizontalOverflow, closeChecked, loginUi, pageApi, setUiLanguage, signupApi, useFixture } from './helpers.mjs';

const fx = useFixture('signup');

/** Fills the phone tab of /signup and sends the code; answers nothing, leaves the form filled. */
async function fillPhoneSignup(page, phone) {
  await page.getByTestId('phone-signup-form').waitFor();
  await page.locator('#phoneSignup_phone').fill(phone);
  const sentAt = Date.now() - 1000;
  await page.getByTestId('send-code').click();
  const code = await fx.server.readCode(phone, { after: sentAt });
  await page.locator('#phoneSignup_code').fill(code);
}

/** The optional second step at /init: password and name, then home. */
async function finishInit(page, name) {
  await page.waitForURL((u) => u.pathname === '/init');
  await page.locator('#init_password').fill(PASSWORD);
  await page.locator('#init_confirm').fill(PASSWORD);
  await page.locator('#init_name').fill(name);
  await page.getByTestId('init-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByTestId('home-greeting').filter({ hasText: name }).waitFor();
}

test('zh-CN on a 390 px phone: sign up by phone, consent required and recorded', async () => {
  const phoneBrowser = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const page = phoneBrowser.page;
    await page.goto('/signup');
    await page.getByTestId('tab-phone-signup').filter({ hasText: '手机号注册' }).waitFor();
    await page.getByTestId('tab-account-signup').filter({ hasText: '账号注册' }).waitFor();
    assert.match(await page.title(), /注册账号/);
    const phone = uniquePhone();
    await fillPhoneSignup(page, phone);
    const consent = page.getByTestId('consent-checkbox');
    assert.match(await page.locator('.ant-checkbox-wrapper', { has: consent }).or(consent).first().innerText(), /我已阅读并同意《用户协议》和《隐私政策》/);
    assert.equal(await page.getByTestId('consent-terms-link').getAttribute('href'), '/terms');
    assert.equal(await page.getByTestId('consent-privacy-link').getAttribute('href'), '/privacy');
    await assertNoHorizontalOverflow(page, 'signup at 390 px');

    // Without the tick the form does not submit.
    await page.getByTestId('phone-signup-submit').click();
    await page.getByText('请先阅读并同意《用户协议》和《隐私政策》').waitFor();
    await phoneBrowser.screenshot('signup-phone-consent-required');
    assert.equal(new URL(page.url()).pathname, '/signup');

    await consent.check();
    await page.getByTestId('phone-signup-submit').click();
    await finishInit(page, '手机注册甲');
    const me = await pageApi(page, 'GET', '/api/users/profile');
    assert.equal(me.body.phone, phone);
    assert.equal(me.body.terms_version, 1);
    assert.equal(me.body.privacy_version, 1);
    assert.ok(me.body.terms_accepted_at, 'the acceptance time is recorded');

    // The pages the checkbox links to, and the footer's links to them.
    await page.goto('/terms');
    await page.getByTestId('site-page-terms').getByRole('heading', { name: '用户协议' }).waitFor();
    await page.getByTestId('page-version').filter({ hasText: '版本 1' }).waitFor();
    assert.match(await page.title(), /用户协议/);
    await assertNoHorizontalOverflow(page, '/terms at 390 px');
    await phoneBrowser.screenshot('terms-390');
    await page.getByTestId('footer-links').getByText('隐私政策').click();
    await page.waitForURL((u) => u.pathname === '/privacy');
    await page.getByTestId('site-page-privacy').getByRole('heading', { name: '隐私政策' }).waitFor();
  } finally {
    await closeChecked('390 px browser', phoneBrowser);
  }
});

test('en: the phone tab signs up in English and the pages are in English', async () => {
  const page = fx.page;
  await setUiLanguage(page, 'en');
  await page.goto('/signup');
  await page.getByTestId('tab-phone-signup').filter({ hasText: 'Phone number' }).waitFor();
  await page.getByTestId('tab-account-signup').filter({ hasText: 'Account name' }).waitFor();
  const phone = uniquePhone();
  await fillPhoneSignup(page, phone);
  await page.getByTestId('phone-signup-submit').click();
  await page.getByText('Please read and agree to the Terms of Service and the Privacy Policy').waitFor();
  await page.getByTestId('consent-checkbox').check();
  await fx.browser.screenshot('signup-phone-en');
  await page.getByTestId('phone-signup-submit').click();
  await finishInit(page, 'Phone Signup B');
  assert.equal((await pageApi(page, 'GET', '/api/users/profile')).body.terms_version, 1);

  await page.goto('/privacy');
  await page.getByTestId('site-page-privacy').getByRole('heading', { name: 'Privacy Policy' }).waitFor();
  await page.getByTestId('footer-links').getByText('Terms of Service').waitFor();
});

test('the profile page exports my data as a JSON download', async () => {
  const page = fx.page;
  await fx.browser.context.clearCookies();
  await setUiLanguage(page, 'zh-CN');
  const account = await signupApi(fx.server, 'exp', '导出用户');
  await loginUi(page, account);
  await page.goto('/profile');
  await page.getByTestId('export-card').getByText('导出我的数据').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(download.suggestedFilename(), `mianjing-export-${account}-${today}.json`);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(doc.format, 'mianjing-export/1');
  assert.equal(doc.profile.account, account);
  for (const section of ['experiences', 'comments', 'discussions', 'favorites', 'question_notes', 'mock_interviews', 'practice', 'sessions']) {
    assert.ok(Array.isArray(doc[section]), `section ${section}`);
  }
  assert.ok(!JSON.stringify(doc).includes(PASSWORD), 'no password in the export');
  await fx.browser.screenshot('profile-export');
});

test('an administrator edits the terms at /admin/pages and readers see the new version', async () => {
  const page = fx.page;
  await fx.browser.context.clearCookies();
  const account = await signupApi(fx.server, 'pgadm', '协议管理员');
  await loginUi(page, account);
  const claimed = await pageApi(page, 'POST', '/api/admin/claim', { token: fx.server.claimToken() });
  assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
  await page.goto('/admin/pages');
  await page.getByTestId('page-editor').waitFor();
  assert.match(await page.getByTestId('page-body').inputValue(), /^# 用户协议/, 'starts from the default text');
  await page.getByTestId('page-body').fill('# 用户协议\n\n第二版：新增条款。');
  await page.getByTestId('page-save').click();
  await page.getByText('已保存，当前版本 2').waitFor();
  await fx.browser.screenshot('admin-pages');
  await page.goto('/terms');
  await page.getByTestId('page-version').filter({ hasText: '版本 2' }).waitFor();
  await page.getByText('第二版：新增条款。').waitFor();
});
