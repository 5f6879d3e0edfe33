/**
 * `/mock-interviews`: set up a mock interview and see the history.
 *
 * - 专项练习 (`topic`): one career or tag, difficulty 初级/中级/高级 (easy/medium/hard) or any,
 *   3–10 questions.
 * - 整场模拟 (`full`): one round — 一面 (fundamentals), 二面 (depth, the resume's projects),
 *   三面 (system design, overall ability), HR 面 (behavioural only) — for a position, optionally a
 *   company (its real 面经 questions first), a job posting and the resume; 3–10 questions.
 * - Both ask questions in one language (`lang`: 中文 or English), by default the UI's.
 * - 反问面试官: questions a candidate can ask at the end (`GET /api/questions?kind=reverse`), in the
 *   chosen language; they are never asked in an interview.
 *
 * History lists past interviews with status, score and date; unfinished ones can be continued.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Flex,
  Form,
  List,
  Input,
  Radio,
  Row,
  Select,
  Slider,
  Space,
  Typography,
} from 'antd';
import { HistoryOutlined, PlayCircleOutlined, QuestionCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { mockInterviewApi, questionApi, resumeApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import {
  INTERVIEW_DIFFICULTIES,
  INTERVIEW_ROUNDS,
  QUESTION_LANGS,
  TOPIC_COUNT,
  careerLabel,
  type CreateInterviewInput,
  type InterviewDifficulty,
  type InterviewRound,
  type QuestionLang,
} from '../../api/types';
import Markdown from '../../components/community/Markdown';
import { ErrorState } from '../../components/States';
import { formatDateTime, formatRelative } from '../../components/format';
import { formError, rules, useServerError } from '../../components/forms';
import PagedList, { usePagedQuery } from '../../components/PagedList';
import CompanyInput from '../../components/community/CompanyInput';
import { useCareers } from '../../components/community/keys';
import { interviewTitle, scoreColor, StatusTag } from '../../components/interviews/labels';
import { pkeys } from '../../components/questions/keys';
import { useStartInterview } from '../../components/questions/useStartInterview';
import PageHead from '../../components/PageHead';

const HISTORY_PER_PAGE = 10;

interface FormValues {
  kind: 'topic' | 'full';
  scope: 'career' | 'tag';
  career_id?: number;
  tag?: string;
  difficulty: InterviewDifficulty | 'any';
  round: InterviewRound;
  position?: string;
  company?: string;
  job_description?: string;
  use_resume: boolean;
  topic_count: number;
  full_count: number;
  lang: QuestionLang;
}

const INITIAL: FormValues = {
  kind: 'topic',
  scope: 'career',
  difficulty: 'any',
  round: 'first',
  use_resume: false,
  topic_count: 5,
  full_count: 5,
  lang: 'zh',
};

/** The question language that goes with a UI language: English for en, else Chinese. */
export function questionLangOf(uiLanguage: string): QuestionLang {
  return uiLanguage.startsWith('en') ? 'en' : 'zh';
}

function toInput(v: FormValues): CreateInterviewInput {
  if (v.kind === 'topic') {
    return {
      kind: 'topic',
      career_id: v.scope === 'career' ? (v.career_id ?? null) : null,
      tag: v.scope === 'tag' ? (v.tag ?? '').trim() || null : null,
      difficulty: v.difficulty === 'any' ? null : v.difficulty,
      question_count: v.topic_count,
      lang: v.lang,
    };
  }
  return {
    kind: 'full',
    round: v.round,
    career_id: v.career_id ?? null,
    position: (v.position ?? '').trim() || null,
    company: (v.company ?? '').trim() || null,
    job_description: (v.job_description ?? '').trim() || null,
    use_resume: v.use_resume,
    question_count: v.full_count,
    lang: v.lang,
  };
}

function countMarks(min: number, max: number) {
  const marks: Record<number, string> = {};
  for (let i = min; i <= max; i++) marks[i] = String(i);
  return marks;
}

function SetupForm({ onLang }: { onLang: (lang: QuestionLang) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const uiLang = questionLangOf(i18n.language);
  const lang = Form.useWatch('lang', form) ?? uiLang;
  // The questions' language follows the UI language until the user picks one.
  useEffect(() => {
    if (!form.isFieldTouched('lang')) form.setFieldValue('lang', uiLang);
  }, [form, uiLang]);
  useEffect(() => onLang(lang), [lang, onLang]);
  const [error, setError] = useServerError();
  const careers = useCareers();
  const resume = useQuery({ queryKey: pkeys.resume, queryFn: resumeApi.get, staleTime: 60_000 });
  const [noQuestions, setNoQuestions] = useState(false);
  const kind = Form.useWatch('kind', form) ?? INITIAL.kind;
  // Field reasons go under the inputs; the rest (e.g. no_questions) above the form.
  const interview = useStartInterview({
    onError: (e) => {
      setNoQuestions(isApiError(e) && e.code === 'no_questions');
      setError(formError(form, e, t('errors.unknown'), { question_count: form.getFieldValue('kind') === 'full' ? 'full_count' : 'topic_count' }));
    },
  });
  const scope = Form.useWatch('scope', form) ?? INITIAL.scope;
  const careerOptions = (careers.data?.items ?? []).map((c) => ({ value: c.id, label: careerLabel(c) }));

  const submit = (v: FormValues) => {
    setError(null);
    interview.start(toInput(v));
  };

  return (
    <Card
      title={
        <Space>
          <PlayCircleOutlined />
          {t('mock.setupTitle')}
        </Space>
      }
      className="mj-form-card"
      data-testid="mock-setup"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ ...INITIAL, lang: uiLang }}
        requiredMark={false}
        onValuesChange={() => setError(null)}
        onFinish={submit}
        name="mock"
        data-testid="mock-form"
      >
        {error ? (
          <Alert
            type={noQuestions ? 'warning' : 'error'}
            showIcon
            title={error}
            description={noQuestions ? t('mock.noQuestionsHint') : undefined}
            style={{ marginBottom: 16 }}
            data-testid="form-error"
          />
        ) : null}
        <Form.Item name="kind" label={t('mock.kind')}>
          <Radio.Group className="mj-choice-grid" data-testid="kind-radio">
            {(['topic', 'full'] as const).map((k) => (
              <Radio.Button key={k} value={k} className="mj-choice" data-testid={`kind-${k}`}>
                <span className="mj-choice-title">{t(`mock.kinds.${k}`)}</span>
                <span className="mj-choice-desc">{t(`mock.kindDesc.${k}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>

        <Form.Item name="lang" label={t('mock.lang')} extra={t('mock.langHelp')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={QUESTION_LANGS.map((l) => ({ value: l, label: t(`mock.langs.${l}`) }))}
            data-testid="lang-radio"
          />
        </Form.Item>

        {kind === 'topic' ? (
          <>
            <Form.Item label={t('mock.scope')} required>
              <Flex gap={8} wrap>
                <Form.Item name="scope" noStyle>
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'career', label: t('mock.byCareer') },
                      { value: 'tag', label: t('mock.byTag') },
                    ]}
                    data-testid="scope-radio"
                  />
                </Form.Item>
                {scope === 'career' ? (
                  <Form.Item name="career_id" noStyle rules={[{ required: true, message: t('validation.select', { field: t('exp.career') }) }]}>
                    <Select<number>
                      placeholder={t('exp.careerPlaceholder')}
                      options={careerOptions}
                      loading={careers.isPending}
                      showSearch={{ optionFilterProp: 'label' }}
                      style={{ flex: '1 1 180px', minWidth: 0 }}
                      data-testid="mock-career"
                    />
                  </Form.Item>
                ) : (
                  <Form.Item name="tag" noStyle rules={[rules.required(t, t('question.tag')), rules.max(t, 50)]}>
                    <Input placeholder={t('mock.tagPlaceholder')} maxLength={50} style={{ flex: '1 1 180px', minWidth: 0 }} data-testid="mock-tag" />
                  </Form.Item>
                )}
              </Flex>
            </Form.Item>
            <Form.Item name="difficulty" label={t('mock.level')} extra={t('mock.levelHelp')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'any', label: t('mock.levels.any') },
                  ...INTERVIEW_DIFFICULTIES.map((d) => ({ value: d, label: t(`mock.levels.${d}`) })),
                ]}
                data-testid="level-radio"
              />
            </Form.Item>
            <Form.Item name="topic_count" label={t('mock.count')}>
              <Slider min={TOPIC_COUNT.min} max={TOPIC_COUNT.max} marks={countMarks(TOPIC_COUNT.min, TOPIC_COUNT.max)} data-testid="topic-count" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="round" label={t('mock.round')}>
              <Radio.Group className="mj-choice-grid mj-choice-grid-4" data-testid="round-radio">
                {INTERVIEW_ROUNDS.map((r) => (
                  <Radio.Button key={r} value={r} className="mj-choice" data-testid={`round-${r}`}>
                    <span className="mj-choice-title">{t(`mock.rounds.${r}`)}</span>
                    <span className="mj-choice-desc">{t(`mock.roundDesc.${r}`)}</span>
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="position" label={t('exp.position')} rules={[rules.max(t, 100)]}>
                  <Input maxLength={100} placeholder={t('exp.positionPlaceholder')} data-testid="mock-position" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="company" label={t('exp.company')} extra={t('mock.companyHelp')} rules={[rules.max(t, 100)]}>
                  <CompanyInput placeholder={t('exp.companyPlaceholder')} maxLength={100} testId="mock-company" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="career_id" label={t('exp.career')}>
                  <Select<number>
                    allowClear
                    placeholder={t('exp.careerPlaceholder')}
                    options={careerOptions}
                    loading={careers.isPending}
                    showSearch={{ optionFilterProp: 'label' }}
                    data-testid="mock-full-career"
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="job_description" label={t('mock.jd')} rules={[rules.max(t, 20000)]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} placeholder={t('mock.jdPlaceholder')} data-testid="mock-jd" />
            </Form.Item>
            <Form.Item
              name="use_resume"
              valuePropName="checked"
              extra={
                resume.isSuccess && !resume.data ? (
                  <span>
                    {t('recommend.noResume')} <Link to="/resume">{t('recommend.createResume')}</Link>
                  </span>
                ) : undefined
              }
            >
              <Checkbox disabled={!resume.data} data-testid="mock-use-resume">
                {t('mock.useResume')}
              </Checkbox>
            </Form.Item>
            <Form.Item name="full_count" label={t('mock.count')}>
              <Slider min={3} max={10} marks={countMarks(3, 10)} data-testid="full-count" />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" size="large" block icon={<PlayCircleOutlined />} loading={interview.pending} data-testid="mock-start">
          {t('mock.start')}
        </Button>
      </Form>
    </Card>
  );
}

/** 反问面试官: questions to ask at the end of an interview, in the chosen question language. */
function ReverseQuestions({ lang }: { lang: QuestionLang }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: [...pkeys.questionLists, 'reverse', lang], queryFn: () => questionApi.reverse(lang), staleTime: 5 * 60_000 });
  return (
    <Card
      title={
        <Space>
          <QuestionCircleOutlined />
          {t('mock.reverseTitle')}
        </Space>
      }
      size="small"
      style={{ marginTop: 20 }}
      data-testid="reverse-questions"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('mock.reverseHelp')}
      </Typography.Paragraph>
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <List
          size="small"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mock.reverseEmpty')} data-testid="reverse-empty" /> }}
          renderItem={(item) => (
            <List.Item key={item.id} className="mj-reverse-item" data-testid="reverse-item">
              <Link to={`/questions/${item.id}`} className="mj-reverse-link">
                <Markdown>{item.content}</Markdown>
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function History() {
  const { t } = useTranslation();
  const careers = useCareers();
  const list = usePagedQuery(pkeys.interviews, mockInterviewApi.list, HISTORY_PER_PAGE);
  const { data } = list.query;
  return (
    <Card
      title={
        <Space>
          <HistoryOutlined />
          {t('mock.history')}
          {data?.total ? <span className="mj-count">{data.total}</span> : null}
        </Space>
      }
      styles={{ body: { padding: data?.items.length ? 0 : undefined } }}
      data-testid="mock-history"
    >
      <PagedList
        list={list}
        testId="history-list"
        className="mj-history"
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mock.historyEmpty')} data-testid="history-empty" />}
      >
        {(iv) => {
          const done = iv.status === 'finished';
          return (
            <Link to={`/mock-interviews/${iv.id}`} key={iv.id} className="mj-history-item" data-testid="history-item" data-id={iv.id}>
              <div className="mj-history-score" style={{ color: done && iv.overall_score != null ? scoreColor(iv.overall_score) : undefined }}>
                {done && iv.overall_score != null ? iv.overall_score : '—'}
                <span className="mj-history-score-unit">{done ? t('report.pointsUnit') : ''}</span>
              </div>
              <div className="mj-history-main">
                <div className="mj-history-title">{interviewTitle(t, iv, careers.data?.items)}</div>
                <Flex wrap gap={6} align="center" className="mj-history-meta">
                  <StatusTag status={iv.status} />
                  <Typography.Text type="secondary" title={formatDateTime(iv.finished_at ?? iv.created_at)}>
                    {t('mock.questionCount', { count: iv.question_count })} · {formatRelative(iv.finished_at ?? iv.created_at)}
                  </Typography.Text>
                </Flex>
              </div>
              <Button size="small" type={done ? 'default' : 'primary'} tabIndex={-1} data-testid={done ? 'history-report' : 'history-continue'}>
                {done ? t('mock.viewReport') : t('mock.continue')}
                <RightOutlined />
              </Button>
            </Link>
          );
        }}
      </PagedList>
    </Card>
  );
}

export default function MockInterviews() {
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState<QuestionLang>(() => questionLangOf(i18n.language));
  return (
    <div data-testid="mock-interviews">
      <PageHead title={t('nav.mockInterviews')} subtitle={t('features.mockInterviews')} />
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={14}>
          <SetupForm onLang={setLang} />
        </Col>
        <Col xs={24} lg={10}>
          <History />
          <ReverseQuestions lang={lang} />
        </Col>
      </Row>
    </div>
  );
}
