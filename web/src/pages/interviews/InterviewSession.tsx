/**
 * An interview in progress, as a real one feels: one question on screen at a time, the questions to
 * come hidden (the server sends only the questions reached: the answered ones, their follow-ups and
 * the current one; `question_count` is the total), a progress line (第 2 / 5 题), the transcript so far
 * (question → answer → follow-up → answer) in order, and a timer per question counting from the
 * server's `asked_at`, so it survives a reload (page time when an old interview has none).
 *
 * An answer is typed, or spoken: the recorder (MediaRecorder) records it, the recording is uploaded as a
 * `recording` file, and when the server can transcribe (`GET /api/mock-interviews/settings`) the
 * transcript fills the answer box, editable before it is sent. A recorded answer is sent with its
 * `recording_file_id` and `duration_seconds` (the recording's length: it gives the speech rate); a
 * typed one with neither (typed text has no pace). When the interviewer asks a follow-up (追问), it
 * comes next. 结束面试 asks first when questions are still unanswered (they count 0), then the
 * report replaces this view. Scores are only shown in the report, as in a real interview.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Avatar, Button, type ButtonProps, Card, Col, Flex, Grid, Input, Progress, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import {
  AudioOutlined,
  ClockCircleOutlined,
  DeleteOutlined,
  FlagOutlined,
  MessageOutlined,
  SendOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fileApi, mockInterviewApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { AskedQuestion, Interview } from '../../api/types';
import Markdown from '../../components/community/Markdown';
import { clock } from '../../components/interviews/labels';
import { extensionOf, useRecorder, type Recording } from '../../components/interviews/useRecorder';
import { pkeys } from '../../components/questions/keys';

const ANSWER_MAX = 10000;

/** Main questions in order, each followed by its follow-up (which gets a later index). */
export function askingOrder(questions: AskedQuestion[]): AskedQuestion[] {
  const main = questions.filter((q) => q.follow_up_of == null).sort((a, b) => a.index - b.index);
  const out: AskedQuestion[] = [];
  for (const m of main) {
    out.push(m);
    out.push(...questions.filter((q) => q.follow_up_of === m.index).sort((a, b) => a.index - b.index));
  }
  return out;
}

/**
 * Seconds on the question `index`: from `askedAt` (server time, RFC 3339) when known, else from when
 * the page first showed it. Ticks every second; never negative (a client clock behind the server's).
 */
function useQuestionTimer(index: number | undefined, askedAt: string | null | undefined): number {
  const parsed = askedAt ? Date.parse(askedAt) : NaN;
  const [shown, setShown] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t0 = Date.now();
    setShown(t0);
    setNow(t0);
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [index]);
  const start = Number.isFinite(parsed) ? parsed : shown;
  return Math.max(0, Math.floor((now - start) / 1000));
}

/** The answered turns so far: the interviewer's question, then the candidate's answer. */
function Transcript({ turns, numberOf }: { turns: AskedQuestion[]; numberOf: (q: AskedQuestion) => number }) {
  const { t } = useTranslation();
  if (!turns.length) return null;
  return (
    <div className="mj-transcript" data-testid="transcript">
      <div className="mj-transcript-head">{t('mock.transcript')}</div>
      {turns.map((q) => {
        const follow = q.follow_up_of != null;
        return (
          <div key={q.index} className={follow ? 'mj-turn-past mj-turn-past-follow' : 'mj-turn-past'} data-testid="transcript-turn" data-index={q.index}>
            <div className="mj-turn-q">
              <span className="mj-turn-who">
                {follow ? t('mock.followUpOf', { n: numberOf(q) }) : t('mock.questionShort', { n: numberOf(q) })}
              </span>
              <Markdown>{q.content}</Markdown>
            </div>
            <div className="mj-turn-a" data-testid="transcript-answer">
              <span className="mj-turn-who">
                {t('mock.you')}
                {q.recording_file_id != null ? (
                  <Tag icon={<AudioOutlined />} variant="filled" className="mj-turn-voice">
                    {t('mock.voiceAnswer')}
                  </Tag>
                ) : null}
              </span>
              <Typography.Paragraph className="mj-turn-text" ellipsis={{ rows: 3, expandable: 'collapsible' }}>
                {q.answer ?? ''}
              </Typography.Paragraph>
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** What happens to a recording: uploaded, then (if the server can) transcribed. */
type VoiceStep = 'uploading' | 'transcribing' | 'ready';

interface Voice {
  recording: Recording;
  step: VoiceStep;
  fileId: number | null;
  /** Seconds of audio: the transcriber's figure when it gives one, else the recorder's. */
  seconds: number;
  /** Why the transcript is missing (not configured, failed), shown with "type it instead". */
  notice: string | null;
}

/**
 * The recorder under the answer box: 录音 → (elapsed, 停止) → replay, re-record or discard. A stopped
 * recording is uploaded at once; when `transcribe` is on, its transcript is handed to `onText`.
 */
function VoiceAnswer({
  interviewId,
  transcribe,
  disabled,
  voice,
  setVoice,
  onText,
}: {
  interviewId: number;
  transcribe: boolean;
  disabled: boolean;
  voice: Voice | null;
  setVoice: React.Dispatch<React.SetStateAction<Voice | null>>;
  onText: (text: string) => void;
}) {
  const { t } = useTranslation();
  const rec = useRecorder();
  const handled = useRef<Recording | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  // A new recording: upload it, then transcribe it.
  useEffect(() => {
    const r = rec.recording;
    if (!r || handled.current === r) return;
    handled.current = r;
    let live = true;
    const update = (patch: Partial<Voice>) => {
      if (live) setVoice((old) => (old && old.recording === r ? { ...old, ...patch } : old));
    };
    setVoice({ recording: r, step: 'uploading', fileId: null, seconds: r.seconds, notice: null });
    void (async () => {
      let fileId: number;
      try {
        const info = await fileApi.upload(r.blob, 'recording', `answer.${extensionOf(r.type)}`);
        fileId = info.id;
      } catch (e) {
        if (!live) return;
        setVoice(null);
        rec.discard();
        setUploadError(isApiError(e) ? e.message : t('errors.unknown'));
        return;
      }
      if (!transcribe) {
        update({ step: 'ready', fileId, notice: t('mock.voice.noTranscription') });
        return;
      }
      update({ step: 'transcribing', fileId });
      try {
        const res = await mockInterviewApi.transcribe(interviewId, fileId);
        const seconds = res.duration_seconds && res.duration_seconds > 0 ? res.duration_seconds : r.seconds;
        if (!live) return;
        update({ step: 'ready', seconds, notice: res.text.trim() ? null : t('mock.voice.emptyTranscript') });
        if (res.text.trim()) onText(res.text.trim());
      } catch (e) {
        const why =
          isApiError(e) && (e.status === 502 || e.status === 503 || e.status === 429)
            ? `${e.message} ${t('mock.voice.typeInstead')}`
            : t('mock.voice.transcribeFailed');
        update({ step: 'ready', notice: why });
      }
    })();
    return () => {
      live = false;
    };
    // Runs once per recording; the callbacks are stable enough for that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rec.recording]);

  const errorText = rec.error ? t(`mock.voice.errors.${rec.error}`) : uploadError;

  const discard = () => {
    rec.discard();
    setVoice(null);
    setUploadError(null);
  };

  return (
    <div className="mj-voice" data-testid="voice">
      {rec.state === 'recording' ? (
        <Flex align="center" gap={10} wrap className="mj-voice-live" data-testid="recording">
          <span className="mj-rec-dot" aria-hidden />
          <Typography.Text strong data-testid="recording-elapsed">
            {t('mock.voice.recording', { time: clock(rec.elapsed) })}
          </Typography.Text>
          <Button danger type="primary" onClick={rec.stop} data-testid="record-stop">
            {t('mock.voice.stop')}
          </Button>
        </Flex>
      ) : voice ? (
        <Flex vertical gap={6}>
          <Flex align="center" gap={8} wrap>
            <audio controls src={voice.recording.url} preload="metadata" className="mj-audio" data-testid="recording-preview" />
            <Typography.Text type="secondary" data-testid="recording-length">
              {clock(voice.seconds)}
            </Typography.Text>
            <Button size="small" icon={<AudioOutlined />} onClick={() => void rec.start()} disabled={disabled || voice.step !== 'ready'} data-testid="record-again">
              {t('mock.voice.again')}
            </Button>
            <Button size="small" icon={<DeleteOutlined />} onClick={discard} disabled={disabled} data-testid="record-discard">
              {t('mock.voice.discard')}
            </Button>
          </Flex>
          {voice.step !== 'ready' ? (
            <Space size={8} data-testid={voice.step === 'uploading' ? 'voice-uploading' : 'voice-transcribing'}>
              <Spin size="small" />
              <Typography.Text type="secondary">{t(`mock.voice.${voice.step}`)}</Typography.Text>
            </Space>
          ) : voice.notice ? (
            <Alert type="warning" showIcon title={voice.notice} data-testid="voice-notice" />
          ) : (
            <Typography.Text type="secondary" data-testid="voice-ready">
              {t('mock.voice.transcribed')}
            </Typography.Text>
          )}
        </Flex>
      ) : (
        <Flex align="center" gap={8} wrap>
          <Button icon={<AudioOutlined />} loading={rec.state === 'starting'} onClick={() => void rec.start()} disabled={disabled} data-testid="record-start">
            {t('mock.voice.record')}
          </Button>
          <Typography.Text type="secondary" className="mj-hint">
            {transcribe ? t('mock.voice.hintTranscribe') : t('mock.voice.hintNoTranscribe')}
          </Typography.Text>
        </Flex>
      )}
      {errorText ? <Alert type="error" showIcon title={errorText} style={{ marginTop: 8 }} data-testid="voice-error" /> : null}
    </div>
  );
}

export default function InterviewSession({ interview, title }: { interview: Interview; title: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const key = pkeys.interview(interview.id);
  const settings = useQuery({ queryKey: ['mock-interview-settings'], queryFn: mockInterviewApi.settings, staleTime: 60_000, retry: false });
  const order = useMemo(() => askingOrder(interview.questions), [interview.questions]);
  const [draft, setDraft] = useState('');
  const [voice, setVoice] = useState<Voice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement | null>(null);
  const turnRef = useRef<HTMLDivElement | null>(null);

  // The question on screen is the first one not answered; later ones are not shown even when an older
  // server sends them.
  const current = order.find((q) => !q.answered);
  const answered = order.filter((q) => q.answered);
  const mains = order.filter((q) => q.follow_up_of == null);
  const total = Math.max(interview.question_count, mains.length);
  const mainsDone = mains.filter((q) => q.answered).length;
  const numberOf = (q: AskedQuestion) => mains.findIndex((m) => m.index === (q.follow_up_of ?? q.index)) + 1;
  const mainNumber = current ? numberOf(current) : total;
  const parent = current?.follow_up_of != null ? order.find((q) => q.index === current.follow_up_of) : undefined;
  const elapsed = useQuestionTimer(current?.index, current?.asked_at);
  const unanswered = total - mainsDone + (current && current.follow_up_of != null ? 1 : 0);
  const transcribe = settings.data?.transcription === true;
  const busyVoice = voice != null && voice.step !== 'ready';

  useEffect(() => {
    setDraft('');
    setVoice(null);
    setError(null);
    turnRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    box.current?.focus({ preventScroll: true } as FocusOptions);
  }, [current?.index]);

  const answer = useMutation({
    mutationFn: (v: { index: number; text: string; voice: Voice | null }) =>
      mockInterviewApi.answer(interview.id, {
        index: v.index,
        answer: v.text,
        recording_file_id: v.voice?.fileId ?? null,
        duration_seconds: v.voice ? Math.min(3600, Math.max(1, Math.round(v.voice.seconds))) : null,
      }),
    onSuccess: async (res) => {
      if (res.follow_up) void message.info(t('mock.followUpAsked'));
      void qc.invalidateQueries({ queryKey: pkeys.interviews });
      void qc.invalidateQueries({ queryKey: ['mock-interview-settings'] });
      // The answer, the next question (or the follow-up) and its asked_at come from the server; the
      // button spins until they are here, so the screen never shows "all answered" in between.
      await qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'interview_finished') void qc.invalidateQueries({ queryKey: key });
      setError(isApiError(e) ? (e.fields?.answer?.[0] ?? e.message) : t('errors.unknown'));
    },
  });

  const finish = useMutation({
    mutationFn: () => mockInterviewApi.finish(interview.id),
    onSuccess: (report) => {
      qc.setQueryData<Interview>(key, (old) =>
        old ? { ...old, status: 'finished', report, overall_score: report.overall_score, finished_at: new Date().toISOString() } : old,
      );
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: pkeys.interviews });
      void qc.invalidateQueries({ queryKey: pkeys.mistakes });
      void qc.invalidateQueries({ queryKey: pkeys.ability });
      window.scrollTo({ top: 0 });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'interview_finished') void qc.invalidateQueries({ queryKey: key });
      void message.error(isApiError(e) ? e.message : t('errors.unknown'));
    },
  });

  const onFinish = () => {
    if (unanswered <= 0) {
      finish.mutate();
      return;
    }
    modal.confirm({
      title: t('mock.finishConfirmTitle'),
      content: t('mock.finishConfirm', { count: unanswered }),
      okText: t('mock.finish'),
      cancelText: t('mock.keepGoing'),
      okButtonProps: { 'data-testid': 'finish-confirm-ok' } as ButtonProps,
      onOk: () => finish.mutateAsync(),
    });
  };

  const submit = () => {
    if (!current || busyVoice) return;
    const text = draft.trim();
    if (!text) {
      setError(voice ? t('mock.voice.needText') : t('mock.answerRequired'));
      return;
    }
    answer.mutate({ index: current.index, text, voice: voice?.fileId != null ? voice : null });
  };

  const progress = (
    <div className="mj-session-progress" data-testid="session-progress">
      <Flex justify="space-between" align="baseline">
        <Typography.Text strong>{t('mock.progress', { done: mainsDone, total })}</Typography.Text>
        {answered.length > mainsDone ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('mock.answeredTotal', { count: answered.length })}
          </Typography.Text>
        ) : null}
      </Flex>
      <Progress percent={Math.round((mainsDone / Math.max(1, total)) * 100)} showInfo={false} strokeColor="#0e9f6e" />
    </div>
  );

  const quota = settings.data?.quotas?.scored_answers;
  const aside = (
    <Card size="small" className="mj-steps-card" data-testid="session-aside">
      {screens.lg ? progress : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('mock.hiddenUpcoming')}
      </Typography.Paragraph>
      {quota ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }} data-testid="quota-left">
          {t('mock.quotaLeft', { count: Math.max(0, quota.limit - quota.used), limit: quota.limit })}
        </Typography.Paragraph>
      ) : null}
      <Alert type="info" showIcon={false} className="mj-session-tip" title={t('mock.scoresLater')} />
    </Card>
  );

  return (
    <Row gutter={[20, 20]}>
      <Col xs={24} lg={17}>
        <Card className="mj-session" data-testid="session">
          <Flex justify="space-between" align="center" wrap gap={8} className="mj-session-head">
            <Typography.Title level={4} style={{ margin: 0 }} className="mj-session-title">
              {title}
            </Typography.Title>
            <Button danger icon={<FlagOutlined />} loading={finish.isPending} onClick={onFinish} data-testid="finish-interview">
              {t('mock.finish')}
            </Button>
          </Flex>
          {screens.lg ? null : progress}

          <Transcript turns={answered} numberOf={numberOf} />

          {current ? (
            <div className="mj-turn" data-testid="current-question" data-index={current.index} ref={turnRef}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Space size={6} wrap>
                  {current.follow_up_of != null ? (
                    <Tag color="orange" icon={<MessageOutlined />} data-testid="follow-up-tag">
                      {t('mock.followUp')}
                    </Tag>
                  ) : null}
                  <Typography.Text type="secondary" data-testid="question-number">
                    {current.follow_up_of != null ? t('mock.followUpOf', { n: mainNumber }) : t('mock.questionN', { n: mainNumber, total })}
                  </Typography.Text>
                </Space>
                <span
                  className={elapsed >= 300 ? 'mj-timer mj-timer-long' : 'mj-timer'}
                  data-testid="timer"
                  aria-live="off"
                  title={t('mock.timerTitle')}
                >
                  <ClockCircleOutlined /> {clock(elapsed)}
                </span>
              </Flex>
              {parent ? (
                <div className="mj-parent-question" data-testid="parent-question">
                  <Typography.Text type="secondary">{t('mock.youAnswered')}</Typography.Text>
                  <div className="mj-parent-text">{parent.content}</div>
                </div>
              ) : null}
              <Flex gap={12} align="flex-start" className="mj-bubble-row">
                <Avatar icon={<UserOutlined />} className="mj-interviewer" />
                <div className={current.follow_up_of != null ? 'mj-bubble mj-bubble-follow' : 'mj-bubble'}>
                  <div className="mj-bubble-who">{t('mock.interviewer')}</div>
                  <Markdown testId="question-text">{current.content}</Markdown>
                </div>
              </Flex>
              <VoiceAnswer
                key={current.index}
                interviewId={interview.id}
                transcribe={transcribe}
                disabled={answer.isPending}
                voice={voice}
                setVoice={setVoice}
                onText={(text) => {
                  setDraft((d) => (d.trim() ? `${d.trimEnd()}\n${text}` : text).slice(0, ANSWER_MAX));
                  setError(null);
                }}
              />
              <Input.TextArea
                ref={(el) => {
                  box.current = el?.resizableTextArea?.textArea ?? null;
                }}
                value={draft}
                onChange={(e) => {
                  setDraft(e.target.value);
                  setError(null);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                    e.preventDefault();
                    submit();
                  }
                }}
                autoSize={{ minRows: 6, maxRows: 16 }}
                maxLength={ANSWER_MAX}
                showCount
                disabled={voice?.step === 'transcribing'}
                status={error ? 'error' : undefined}
                placeholder={voice && transcribe ? t('mock.voice.placeholder') : t('mock.answerPlaceholder')}
                aria-label={t('mock.answerLabel')}
                data-testid="answer-input"
              />
              {error ? (
                <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="answer-error" />
              ) : null}
              <Flex justify="space-between" align="center" wrap gap={8} className="mj-answer-actions">
                <Typography.Text type="secondary" className="mj-hint">
                  {voice ? t('mock.voice.submitHint') : t('mock.answerHint')}
                </Typography.Text>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={answer.isPending}
                  disabled={busyVoice}
                  onClick={submit}
                  data-testid="submit-answer"
                >
                  {t('mock.submit')}
                </Button>
              </Flex>
            </div>
          ) : (
            <Result
              status="success"
              title={t('mock.allAnswered')}
              subTitle={t('mock.allAnsweredDesc')}
              extra={
                <Button type="primary" size="large" icon={<FlagOutlined />} loading={finish.isPending} onClick={onFinish} data-testid="finish-now">
                  {t('mock.finishAndReport')}
                </Button>
              }
              data-testid="all-answered"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={7}>
        {aside}
      </Col>
    </Row>
  );
}
