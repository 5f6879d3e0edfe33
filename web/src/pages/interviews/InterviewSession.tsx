/**
 * An interview in progress: one question at a time, like a real interview. A running timer
 * measures each answer (sent as `duration_seconds`, which gives the speech rate); the answer is a
 * transcript typed (or dictated) into the box. When the interviewer asks a follow-up (追问), it
 * comes next. 结束面试 asks first when questions are still unanswered (they count 0), then the
 * report replaces this view. Scores are only shown in the report, as in a real interview.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Avatar, Button, type ButtonProps, Card, Col, Flex, Grid, Input, Progress, Result, Row, Space, Tag, Typography } from 'antd';
import {
  CheckCircleFilled,
  ClockCircleOutlined,
  FlagOutlined,
  MessageOutlined,
  SendOutlined,
  StepForwardOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mockInterviewApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { AskedQuestion, Interview } from '../../api/types';
import Markdown from '../../components/community/Markdown';
import { clock } from '../../components/interviews/labels';
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

/** Seconds since `key` last changed, ticking every second. */
function useElapsed(key: string | number | undefined): number {
  const [start, setStart] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t0 = Date.now();
    setStart(t0);
    setNow(t0);
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [key]);
  return Math.floor((now - start) / 1000);
}

function QuestionSteps({
  order,
  current,
  skipped,
  onPick,
}: {
  order: AskedQuestion[];
  current: AskedQuestion | undefined;
  skipped: Set<number>;
  onPick: (index: number) => void;
}) {
  const { t } = useTranslation();
  let n = 0;
  return (
    <ol className="mj-steps" data-testid="question-steps">
      {order.map((q) => {
        const isFollow = q.follow_up_of != null;
        if (!isFollow) n += 1;
        const state = q.answered ? 'done' : current?.index === q.index ? 'current' : skipped.has(q.index) ? 'skipped' : 'todo';
        return (
          <li key={q.index} className={`mj-step mj-step-${state}${isFollow ? ' mj-step-follow' : ''}`}>
            <button
              type="button"
              disabled={q.answered || state === 'current'}
              onClick={() => onPick(q.index)}
              title={q.content}
              data-testid={`step-${q.index}`}
            >
              <span className="mj-step-dot">{q.answered ? <CheckCircleFilled /> : isFollow ? '↳' : n}</span>
              <span className="mj-step-text">
                {isFollow ? t('mock.followUpStep', { text: '' }) : ''}
                {q.content}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

export default function InterviewSession({ interview, title }: { interview: Interview; title: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const key = pkeys.interview(interview.id);
  const order = useMemo(() => askingOrder(interview.questions), [interview.questions]);
  const [skipped, setSkipped] = useState<Set<number>>(new Set());
  const [picked, setPicked] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement | null>(null);

  // The question on screen: the one picked from the list, else the first neither answered nor skipped.
  const pending = order.filter((q) => !q.answered);
  const current =
    order.find((q) => q.index === picked && !q.answered) ?? pending.find((q) => !skipped.has(q.index)) ?? undefined;
  const elapsed = useElapsed(current?.index);
  const mains = order.filter((q) => q.follow_up_of == null);
  const mainsDone = mains.filter((q) => q.answered).length;
  const mainNumber = current ? mains.findIndex((q) => q.index === (current.follow_up_of ?? current.index)) + 1 : mains.length;
  const parent = current?.follow_up_of ? order.find((q) => q.index === current.follow_up_of) : undefined;

  useEffect(() => {
    setDraft('');
    setError(null);
    box.current?.focus({ preventScroll: true } as FocusOptions);
  }, [current?.index]);

  const answer = useMutation({
    mutationFn: (v: { index: number; text: string; seconds: number }) =>
      mockInterviewApi.answer(interview.id, {
        index: v.index,
        answer: v.text,
        duration_seconds: Math.min(3600, Math.max(1, v.seconds)),
      }),
    onSuccess: (res, v) => {
      qc.setQueryData<Interview>(key, (old) => {
        if (!old) return old;
        const questions = old.questions.map((q) =>
          q.index === v.index ? { ...q, answered: true, answer: v.text, duration_seconds: v.seconds, speech_rate: res.speech_rate } : q,
        );
        if (res.follow_up && !questions.some((q) => q.index === res.follow_up!.index)) {
          questions.push({
            index: res.follow_up.index,
            question_id: null,
            content: res.follow_up.content,
            follow_up_of: v.index,
            answered: false,
            answer: null,
            duration_seconds: null,
            speech_rate: null,
            recording_file_id: null,
          });
        }
        return { ...old, questions, answered_count: old.answered_count + 1 };
      });
      setPicked(null);
      if (res.follow_up) void message.info(t('mock.followUpAsked'));
      void qc.invalidateQueries({ queryKey: pkeys.interviews });
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
    const left = pending.length;
    if (left === 0) {
      finish.mutate();
      return;
    }
    modal.confirm({
      title: t('mock.finishConfirmTitle'),
      content: t('mock.finishConfirm', { count: left }),
      okText: t('mock.finish'),
      cancelText: t('mock.keepGoing'),
      okButtonProps: { 'data-testid': 'finish-confirm-ok' } as ButtonProps,
      onOk: () => finish.mutateAsync(),
    });
  };

  const submit = () => {
    if (!current) return;
    const text = draft.trim();
    if (!text) {
      setError(t('mock.answerRequired'));
      return;
    }
    answer.mutate({ index: current.index, text, seconds: elapsed });
  };

  const skip = () => {
    if (!current) return;
    setSkipped((s) => new Set(s).add(current.index));
    setPicked(null);
  };

  const progress = (
    <div className="mj-session-progress" data-testid="session-progress">
      <Flex justify="space-between" align="baseline">
        <Typography.Text strong>{t('mock.progress', { done: mainsDone, total: mains.length })}</Typography.Text>
        {order.length > mains.length ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('mock.answeredTotal', { count: order.filter((q) => q.answered).length })}
          </Typography.Text>
        ) : null}
      </Flex>
      <Progress percent={Math.round((mainsDone / Math.max(1, mains.length)) * 100)} showInfo={false} strokeColor="#0e9f6e" />
    </div>
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

          {current ? (
            <div className="mj-turn" data-testid="current-question" data-index={current.index}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Space size={6} wrap>
                  {current.follow_up_of != null ? (
                    <Tag color="orange" icon={<MessageOutlined />} data-testid="follow-up-tag">
                      {t('mock.followUp')}
                    </Tag>
                  ) : null}
                  <Typography.Text type="secondary" data-testid="question-number">
                    {current.follow_up_of != null
                      ? t('mock.followUpOf', { n: mainNumber })
                      : t('mock.questionN', { n: mainNumber, total: mains.length })}
                  </Typography.Text>
                </Space>
                <span className={elapsed >= 300 ? 'mj-timer mj-timer-long' : 'mj-timer'} data-testid="timer" aria-live="off" title={t('mock.timerTitle')}>
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
                status={error ? 'error' : undefined}
                placeholder={t('mock.answerPlaceholder')}
                aria-label={t('mock.answerLabel')}
                data-testid="answer-input"
              />
              {error ? (
                <Typography.Text type="danger" data-testid="answer-error">
                  {error}
                </Typography.Text>
              ) : null}
              <Flex justify="space-between" align="center" wrap gap={8} className="mj-answer-actions">
                <Typography.Text type="secondary" className="mj-hint">
                  {t('mock.answerHint')}
                </Typography.Text>
                <Space>
                  <Button icon={<StepForwardOutlined />} onClick={skip} disabled={answer.isPending} data-testid="skip-question">
                    {t('mock.skip')}
                  </Button>
                  <Button type="primary" icon={<SendOutlined />} loading={answer.isPending} onClick={submit} data-testid="submit-answer">
                    {t('mock.submit')}
                  </Button>
                </Space>
              </Flex>
            </div>
          ) : (
            <Result
              status="success"
              title={pending.length ? t('mock.allSeen') : t('mock.allAnswered')}
              subTitle={pending.length ? t('mock.allSeenDesc', { count: pending.length }) : t('mock.allAnsweredDesc')}
              extra={
                <Space wrap style={{ justifyContent: 'center' }}>
                  {pending.length ? (
                    <Button onClick={() => setSkipped(new Set())} data-testid="back-to-skipped">
                      {t('mock.backToSkipped')}
                    </Button>
                  ) : null}
                  <Button type="primary" size="large" icon={<FlagOutlined />} loading={finish.isPending} onClick={onFinish} data-testid="finish-now">
                    {t('mock.finishAndReport')}
                  </Button>
                </Space>
              }
              data-testid="all-answered"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={7}>
        <Card size="small" title={t('mock.questions')} className="mj-steps-card">
          {screens.lg ? progress : null}
          <QuestionSteps order={order} current={current} skipped={skipped} onPick={(i) => setPicked(i)} />
          <Alert type="info" showIcon={false} className="mj-session-tip" title={t('mock.scoresLater')} />
        </Card>
      </Col>
    </Row>
  );
}
