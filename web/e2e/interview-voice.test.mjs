// A mock interview in English with a spoken answer, against the real backend (the shared question
// file imported) and a fake speech-to-text server (fake-transcriber.mjs, which the backend reaches
// through MIANJING_TRANSCRIPTION_BASE_URL). Chromium's fake microphone plays a WAV generated here,
// so MediaRecorder records real audio headless.
//
// Set-up in English (English questions by default, rounds explained, questions to ask the
// interviewer); one question at a time; the timer survives a reload; a recorded answer is uploaded,
// transcribed into the answer box, edited and sent with its recording; a typed evasive answer draws
// a follow-up; the transcript keeps the order; the English report explains the scores and has no
// Chinese advice, replays the recording and shows no pace for typed answers; the same pages in
// 简体中文 and 繁體中文 and at phone width (390 px, no sideways scroll); over the daily quota an
// answer is refused with a message. Screenshots of every step in e2e/artifacts (lang-width-step).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openBrowser } from './browser.mjs';
import { startFakeTranscriber } from './fake-transcriber.mjs';
import { wav } from './files.mjs';
import { assertNoHorizontalOverflow, chooseOption, closeChecked, loginUi, pageApi, setUiLanguage, signupApi, useFixture } from './helpers.mjs';
import { sharedDataFile, sharedDataPath } from './server.mjs';

const QUESTIONS = sharedDataFile('questions.jsonl');
const skip = QUESTIONS ? false : `the shared question file is missing (${sharedDataPath('questions.jsonl')}); skipping the voice interview tests`;

const CJK = /[\u3400-\u9fff]/;
const TRANSCRIPT =
  'I would start from the definition, then explain how it works in practice, and finish with the trade-offs I have seen in my own projects.';
const EDIT = ' For example, in my last project we measured it before and after.';
const EVASIVE = 'Sorry, I am not sure about this one.';
const QUOTA = 7;
const DECENT =
  'I would check the documentation first, then test the behaviour with a small example, and explain the trade-offs.';
const LANGS = ['en', 'zh-CN', 'zh-TW'];

/** The first CJK passage in `text`, for a readable failure. */
const firstCjk = (text) => text.match(/.{0,30}[\u3400-\u9fff].{0,30}/s)?.[0];

describe('mock interview with a spoken answer, in English', { skip }, () => {
  const env = { MIANJING_TRANSCRIPTION_API_KEY: 'e2e-transcription-key', MIANJING_QUOTA_SCORED_ANSWERS_PER_DAY: String(QUOTA) };
  // locale en: the browser's own requests (pageApi) ask for English like the English UI does.
  const browserOpts = { locale: 'en', args: [], permissions: ['microphone'] };
  let fake;
  let wavDir;
  // Registered before the fixture's, so the server and the browser start with these settings.
  before(async () => {
    fake = await startFakeTranscriber({ text: TRANSCRIPT, duration: 3.2 });
    env.MIANJING_TRANSCRIPTION_BASE_URL = fake.url;
    wavDir = mkdtempSync(path.join(os.tmpdir(), 'mianjing-wav-'));
    const file = path.join(wavDir, 'answer.wav');
    writeFileSync(file, wav(4));
    browserOpts.args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}`);
  });
  const fx = useFixture('voice', browserOpts, { importQuestions: QUESTIONS, env });
  after(async () => {
    await closeChecked('phone', phone);
    await fake?.close();
    if (wavDir) rmSync(wavDir, { recursive: true, force: true });
  });

  let account;
  let phone;
  let careerId;
  let interviewId;

  /** The interview as the API sends it. */
  const interview = async (id = interviewId) => (await pageApi(fx.page, 'GET', `/api/mock-interviews/${id}`)).body;

  /**
   * Submits what is in the answer box and waits for the next question (a follow-up or the next main
   * one): the current question's index changes. Returns the new current index, or null at the end.
   */
  async function submitAndWait(page) {
    const before = await page.getByTestId('current-question').getAttribute('data-index');
    await page.getByTestId('submit-answer').click();
    await page.waitForFunction(
      (b) => {
        const cur = document.querySelector('[data-testid=current-question]');
        return cur ? cur.getAttribute('data-index') !== b : !!document.querySelector('[data-testid=all-answered]');
      },
      before,
    );
    return page.getByTestId('current-question').getAttribute('data-index').catch(() => null);
  }

  /** Answers a pending follow-up (typed), if the interviewer asked one. */
  async function answerFollowUp(page) {
    if (!(await page.getByTestId('follow-up-tag').count())) return;
    await page.getByTestId('answer-input').fill(DECENT);
    await submitAndWait(page);
  }

  /** Screenshots of the current path in every language, desktop (the fixture) and phone width. */
  async function shots(step, ready) {
    if (!phone) {
      phone = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true });
      await loginUi(phone.page, account);
    }
    const pathname = new URL(fx.page.url()).pathname;
    for (const lang of LANGS) {
      for (const [width, b] of [['1280', fx.browser], ['390', phone]]) {
        await b.page.goto(pathname);
        await setUiLanguage(b.page, lang);
        await ready(b.page);
        if (width === '390') await assertNoHorizontalOverflow(b.page, `${lang} ${step} at 390 px`);
        await b.screenshot(`${lang}-${width}-${step}`);
      }
    }
    await setUiLanguage(fx.page, 'en');
    await ready(fx.page);
  }

  test('set-up in English: English questions by default, 3–10 questions, rounds explained, questions to ask the interviewer', async () => {
    account = await signupApi(fx.server, 'voice', 'Speaker');
    const page = fx.page;
    await loginUi(page, account);
    await setUiLanguage(page, 'en');
    const careers = (await pageApi(page, 'GET', '/api/careers?per_page=100')).body.items;
    const frontend = careers.find((c) => c.name === '前端');
    careerId = frontend.id;
    assert.ok(frontend.label && !CJK.test(frontend.label), `careers have an English label: ${JSON.stringify(frontend)}`);

    const reverse = page.waitForResponse((r) => r.url().includes('/api/questions?') && r.url().includes('kind=reverse'));
    await page.goto('/mock-interviews');
    const res = await reverse;
    assert.match(res.url(), /lang=en/);
    const items = (await res.json()).items;
    assert.ok(items.length > 0, 'there are English questions to ask the interviewer');
    assert.ok(items.every((q) => q.kind === 'reverse' && q.lang === 'en'), JSON.stringify(items.slice(0, 3)));
    await page.getByTestId('reverse-questions').getByTestId('reverse-item').first().waitFor();

    await page.getByTestId('lang-radio').locator('.ant-radio-button-wrapper-checked', { hasText: 'English' }).waitFor();
    // Topic drills take 3–10 questions.
    const marks = await page.getByTestId('mock-form').locator('.ant-slider-mark-text').allInnerTexts();
    assert.equal(marks[0], '3');
    assert.equal(marks.at(-1), '10');
    // Each round says in a line what it asks.
    await page.getByTestId('kind-radio').getByText('Full round').click();
    await page.getByTestId('round-radio').getByText('Behavioural questions only').waitFor();
    await page.getByTestId('kind-radio').getByText('Topic drill').click();

    await chooseOption(page, '[data-testid=mock-career]', frontend.label ?? frontend.name);
    await shots('setup', (p) => p.getByTestId('mock-setup').waitFor());
    await chooseOption(page, '[data-testid=mock-career]', frontend.label ?? frontend.name);
    await page.getByTestId('mock-start').click();
    await page.waitForURL((u) => /^\/mock-interviews\/\d+$/.test(u.pathname));
    interviewId = Number(new URL(page.url()).pathname.split('/').pop());
  });

  test('one English question at a time, with a timer that survives a reload', async () => {
    const page = fx.page;
    const current = page.getByTestId('current-question');
    await current.waitFor();
    assert.equal(await current.getAttribute('data-index'), '1');
    assert.equal(await current.getByTestId('question-number').innerText(), 'Question 1 / 5');
    const iv = (await pageApi(page, 'GET', `/api/mock-interviews/${interviewId}`)).body;
    assert.equal(iv.question_count, 5);
    assert.equal(iv.questions.length, 1, 'upcoming questions are not sent');
    const q = (await pageApi(page, 'GET', `/api/questions/${iv.questions[0].question_id}`)).body;
    assert.equal(q.lang, 'en', 'the questions are in the chosen language');

    // The timer counts from the server's asked_at: a reload does not restart it.
    await page.waitForFunction(() => /00:0[3-9]|00:[1-5]\d/.test(document.querySelector('[data-testid=timer]')?.textContent ?? ''));
    const seconds = (text) => text.replace(/[^\d:]/g, '').split(':').reduce((a, b) => a * 60 + Number(b), 0);
    const before = seconds(await current.getByTestId('timer').innerText());
    await page.reload();
    await page.getByTestId('current-question').getByTestId('timer').waitFor();
    const afterReload = seconds(await page.getByTestId('timer').innerText());
    assert.ok(afterReload >= before, `the timer went on after a reload (${before} s, then ${afterReload} s)`);
  });

  test('a recorded answer: recorded, replayable, transcribed into the box, edited, sent with its recording', async () => {
    const page = fx.page;
    const settings = (await pageApi(page, 'GET', '/api/mock-interviews/settings')).body;
    assert.equal(settings.transcription, true, JSON.stringify(settings));

    await page.getByTestId('record-start').click();
    await page.getByTestId('recording').waitFor();
    await page.getByTestId('recording-elapsed').filter({ hasText: /00:0[2-9]/ }).waitFor();
    await page.getByTestId('record-stop').click();
    // The recording can be replayed before it is sent.
    const preview = page.getByTestId('recording-preview');
    await preview.waitFor();
    assert.match(await preview.getAttribute('src'), /^blob:/);
    // The server transcribes it (through the fake) and the text lands in the answer box.
    await page.waitForFunction((t) => document.querySelector('[data-testid=answer-input]')?.value === t, TRANSCRIPT, { timeout: 20_000 });
    await page.getByTestId('voice-ready').waitFor();
    assert.equal(fake.requests.length, 1, 'one transcription request');
    assert.ok(fake.requests[0].fileBytes > 500, `the recording reached the transcriber (${fake.requests[0].fileBytes} bytes)`);
    assert.ok(fake.requests[0].fields.model, 'a model is named');
    await fx.browser.screenshot('en-1280-session-recorded');

    // Editable before it is sent.
    await page.getByTestId('answer-input').press('End');
    await page.getByTestId('answer-input').pressSequentially(EDIT);
    await submitAndWait(page);
    const first = (await interview()).questions.find((q) => q.index === 1);
    assert.equal(first.answer, TRANSCRIPT + EDIT);
    assert.ok(first.recording_file_id > 0, 'sent with its recording');
    assert.equal(first.duration_seconds, 3, "the recording's length (the transcriber's 3.2 s), not the time on the page");
    assert.ok(first.speech_rate > 0, 'a spoken answer has a speech rate');
    await page.getByTestId('transcript-turn').first().getByText('Spoken').waitFor();
    await answerFollowUp(page);
    await page.locator('[data-testid=current-question][data-index="2"]').waitFor();
  });

  test('a typed evasive answer draws a follow-up in English; the transcript keeps the order', async () => {
    const page = fx.page;
    await page.getByTestId('answer-input').fill(EVASIVE);
    await submitAndWait(page);
    const follow = page.getByTestId('current-question');
    await follow.getByTestId('follow-up-tag').waitFor();
    assert.equal(await follow.getByTestId('question-number').innerText(), 'Follow-up on question 2');
    const question = await follow.getByTestId('question-text').innerText();
    assert.doesNotMatch(question, CJK, `the follow-up is in English: ${question}`);
    assert.match(question, /\?\s*$/, `the follow-up is a question: ${question}`);
    // The transcript: question 1 (and its follow-up, if any), then question 2, in the order asked.
    const iv = await interview();
    const expected = iv.questions
      .filter((q) => q.answered)
      .sort((a, b) => (a.follow_up_of ?? a.index) - (b.follow_up_of ?? b.index) || a.index - b.index)
      .map((q) => String(q.index));
    const turns = page.getByTestId('transcript-turn');
    assert.deepEqual(await turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-index'))), expected);
    assert.equal(expected.at(-1), '2');
    const typed = iv.questions.find((q) => q.index === 2);
    assert.equal(typed.recording_file_id ?? null, null);
    assert.equal(typed.duration_seconds ?? null, null, 'a typed answer sends no duration');

    await shots('session-follow-up', (p) => p.getByTestId('follow-up-tag').waitFor());

    await page.getByTestId('answer-input').fill(DECENT);
    await submitAndWait(page);
    await page.locator('[data-testid=current-question][data-index="3"]').waitFor();
    assert.ok((await page.locator('.mj-turn-past-follow').count()) >= 1);
  });

  test('the English report explains each score, replays the recording and has no Chinese advice', async () => {
    const page = fx.page;
    await page.getByTestId('finish-interview').click();
    await page.getByTestId('finish-confirm-ok').click();
    const report = page.getByTestId('report');
    await report.waitFor();
    const data = (await interview()).report;
    const blocks = report.getByTestId('report-answer');
    assert.equal(await blocks.count(), data.answers.length, 'every question and follow-up');
    const block = (index) => report.locator(`[data-testid=report-answer][data-index="${index}"]`);

    // The recorded answer replays from the files API; it has a pace, typed ones do not.
    const audio = block(1).getByTestId('answer-recording').first();
    const src = await audio.getAttribute('src');
    assert.match(src, /^\/api\/files\/\d+$/);
    const file = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, src);
    assert.equal(file.status, 200);
    // WebM is sniffed as video/webm (audio-only WebM looks the same); <audio> plays either.
    assert.match(file.type, /^(audio|video)\/(webm|ogg|mp4|mpeg|wav|x-wav|m4a)/);
    assert.ok(file.size > 500);
    const playable = await audio.evaluate(
      (el) =>
        new Promise((resolve) => {
          el.onloadedmetadata = () => resolve(true);
          el.onerror = () => resolve(false);
          el.preload = 'metadata';
          el.load();
        }),
    );
    assert.ok(playable, 'the browser can play the stored recording');
    await block(1).getByTestId('dim-pace').first().waitFor();
    const typed = block(2).locator(':scope > [data-testid=answer-dims]');
    await typed.waitFor();
    assert.equal(await typed.getByTestId('dim-pace').count(), 0, 'a typed answer has no pace');
    assert.equal(await typed.getByTestId('dim-fluency').count(), 0, 'a typed answer has no fluency');

    // Every answered question's score is explained; a score without a reference answer is labelled.
    const answered = data.answers.filter((a) => a.answer);
    assert.equal(await report.getByTestId('answer-explanation').count(), answered.length);
    assert.equal(await report.getByTestId('score-estimate').count(), answered.filter((a) => a.estimate).length);
    if (data.summary) await report.getByTestId('report-summary').waitFor();

    // No Chinese in the advice, feedback, explanations, hints and dimension names.
    const advice = (
      await report
        .locator(
          '[data-testid=answer-feedback], [data-testid=answer-explanation], [data-testid=answer-hints], [data-testid=report-improved], [data-testid=report-summary], [data-testid=answer-dims], [data-testid=dimension-chart]',
        )
        .allInnerTexts()
    ).join('\n');
    assert.ok(advice.length > 50);
    assert.doesNotMatch(advice, CJK, `Chinese in the English report: ${firstCjk(advice)}`);
    const svg = await report.getByTestId('dimension-chart').innerHTML();
    assert.doesNotMatch(svg.replace(/<[^>]+>/g, ' '), CJK, 'dimension names are translated');

    await shots('report', (p) => p.getByTestId('report').getByTestId('dimension-chart').locator('svg').waitFor());
    // Read in Chinese, the same report's advice is Chinese (rendered for the reader, not stored text).
    await setUiLanguage(page, 'zh-CN');
    const zh = await page.getByTestId('report').getByTestId('answer-feedback').first().innerText();
    assert.match(zh, CJK, `the report follows the reader's language: ${zh}`);
    await setUiLanguage(page, 'en');
  });

  test('over the daily quota an answer is refused, saying when the quota resets', async () => {
    const page = fx.page;
    const created = await pageApi(page, 'POST', '/api/mock-interviews', { kind: 'topic', career_id: careerId, lang: 'en', question_count: 5 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.goto(`/mock-interviews/${created.body.id}`);
    await page.getByTestId('current-question').waitFor();
    // Use up the day's scored answers (the earlier interview used some).
    const quota = async () => (await pageApi(page, 'GET', '/api/mock-interviews/settings')).body.quotas.scored_answers;
    let q = await quota();
    assert.equal(q.limit, QUOTA);
    while (q.used < q.limit) {
      await page.getByTestId('answer-input').fill(DECENT);
      await submitAndWait(page);
      q = await quota();
    }
    await page.getByTestId('answer-input').fill('One answer too many for today.');
    await page.getByTestId('submit-answer').click();
    const error = page.getByTestId('answer-error');
    await error.waitFor();
    const text = await error.innerText();
    assert.doesNotMatch(text, CJK, `the message is in English: ${text}`);
    assert.ok(text.length > 10, text);
    // The answer stays in the box to send tomorrow.
    assert.equal(await page.getByTestId('answer-input').inputValue(), 'One answer too many for today.');
    await fx.browser.screenshot('en-1280-quota');
  });
});
