/**
 * `/questions/recommend`: paste a job posting (岗位描述) and/or use the resume →
 * `POST /api/questions/recommend` → the extracted keywords and the ranked questions, each with the
 * keywords it matched highlighted.
 */
import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Breadcrumb, Button, Card, Checkbox, Col, Empty, Flex, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { BulbOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { questionApi, resumeApi } from '../../api/endpoints';
import type { RecommendResult } from '../../api/types';
import { useMe } from '../../auth/session';
import { formError, useServerError } from '../../components/forms';
import QuestionCard from '../../components/questions/QuestionCard';
import { pkeys } from '../../components/questions/keys';
import { useStartInterview } from '../../components/questions/useStartInterview';

const JD_MAX = 20000;
const COUNTS = [10, 20, 30, 50];

interface FormValues {
  job_description: string;
  use_resume: boolean;
  count: number;
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with every keyword (case-insensitive) wrapped in <mark>. */
export function highlight(text: string, keywords: string[]): ReactNode {
  const words = keywords.filter((k) => k.trim()).sort((a, b) => b.length - a.length);
  if (!words.length) return text;
  const re = new RegExp(`(${words.map(escapeRegExp).join('|')})`, 'gi');
  return text.split(re).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="mj-mark">
        {part}
      </mark>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

function Results({ result }: { result: RecommendResult }) {
  const { t } = useTranslation();
  const interview = useStartInterview();
  const ids = result.items.map((r) => r.question.id);
  return (
    <Card
      className="mj-feed"
      styles={{ body: { padding: 0 } }}
      title={t('recommend.resultsTitle', { count: result.items.length })}
      extra={
        <Button
          type="primary"
          size="small"
          icon={<PlayCircleOutlined />}
          disabled={!ids.length}
          loading={interview.pending}
          onClick={() => interview.practise(ids)}
          data-testid="recommend-practise"
        >
          {t('question.practiseThese')}
        </Button>
      }
      data-testid="recommend-results"
    >
      <div className="mj-feed-head">
        <Typography.Text type="secondary">{t('recommend.keywords')}</Typography.Text>
        <Flex wrap gap={6} style={{ marginTop: 6 }} data-testid="recommend-keywords">
          {result.keywords.length ? (
            result.keywords.map((k) => (
              <Tag key={k} color="green" data-testid="keyword">
                {k}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t('recommend.noKeywords')}</Typography.Text>
          )}
        </Flex>
      </div>
      {result.items.length === 0 ? (
        <Empty className="mj-feed-empty" description={t('recommend.empty')} />
      ) : (
        <div className="mj-post-list" data-testid="recommend-list">
          {result.items.map((r, i) => (
            <QuestionCard
              key={r.question.id}
              q={r.question}
              index={i + 1}
              content={<div className="mj-q-plain">{highlight(r.question.content, r.matched_keywords)}</div>}
              extra={
                <Flex wrap gap={6} align="center" className="mj-q-matched" data-testid="matched-keywords">
                  <Typography.Text type="secondary">{t('recommend.matched')}</Typography.Text>
                  {r.matched_keywords.map((k) => (
                    <Tag key={k} color="gold" variant="filled">
                      {k}
                    </Tag>
                  ))}
                </Flex>
              }
            />
          ))}
        </div>
      )}
    </Card>
  );
}

export default function Recommend() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useServerError();
  const [result, setResult] = useState<RecommendResult | null>(null);
  const loggedIn = !!me.data;
  const resume = useQuery({ queryKey: pkeys.resume, queryFn: resumeApi.get, enabled: loggedIn, staleTime: 60_000 });
  const hasResume = !!resume.data;
  const useResume = Form.useWatch('use_resume', form);
  const initial = useMemo<FormValues>(() => ({ job_description: '', use_resume: false, count: 10 }), []);
  const resultsRef = useRef<HTMLDivElement>(null);
  // On one-column layouts the results are below the form: bring them into view.
  useEffect(() => {
    if (result && window.innerWidth < 992) resultsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [result]);

  const run = useMutation({
    mutationFn: (v: FormValues) =>
      questionApi.recommend({
        job_description: v.job_description.trim() || null,
        use_resume: v.use_resume,
        count: v.count,
      }),
    onSuccess: (r) => {
      setResult(r);
      setError(null);
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });

  return (
    <div data-testid="recommend-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/questions">{t('nav.questions')}</Link> }, { title: t('recommend.title') }]}
      />
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={9}>
          <Card
            title={
              <Space>
                <BulbOutlined />
                {t('recommend.title')}
              </Space>
            }
            className="mj-form-card"
          >
            <Typography.Paragraph type="secondary">{t('recommend.intro')}</Typography.Paragraph>
            <Form<FormValues>
              form={form}
              layout="vertical"
              initialValues={initial}
              requiredMark={false}
              onValuesChange={() => setError(null)}
              onFinish={(v) => run.mutate(v)}
              name="recommend"
              data-testid="recommend-form"
            >
              {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
              <Form.Item
                name="job_description"
                label={t('recommend.jd')}
                rules={[
                  { max: JD_MAX, message: t('validation.maxLength', { max: JD_MAX }) },
                  {
                    validator: (_, v: string) =>
                      (v ?? '').trim() || form.getFieldValue('use_resume')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('recommend.needInput'))),
                  },
                ]}
                dependencies={['use_resume']}
              >
                <Input.TextArea
                  autoSize={{ minRows: 8, maxRows: 18 }}
                  maxLength={JD_MAX}
                  placeholder={t('recommend.jdPlaceholder')}
                  data-testid="jd-input"
                />
              </Form.Item>
              <Form.Item
                name="use_resume"
                valuePropName="checked"
                extra={
                  !loggedIn ? (
                    <span>
                      <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('user.login')}</Link> {t('recommend.resumeLogin')}
                    </span>
                  ) : resume.isSuccess && !hasResume ? (
                    <span>
                      {t('recommend.noResume')} <Link to="/resume">{t('recommend.createResume')}</Link>
                    </span>
                  ) : hasResume && useResume ? (
                    t('recommend.resumeSkills', { skills: resume.data!.extracted_skills.slice(0, 8).join(t('common.listSep')) || '—' })
                  ) : undefined
                }
              >
                <Checkbox disabled={!loggedIn || !hasResume} data-testid="use-resume">
                  {t('recommend.useResume')}
                </Checkbox>
              </Form.Item>
              <Form.Item name="count" label={t('recommend.count')}>
                <Select options={COUNTS.map((c) => ({ value: c, label: t('recommend.countOption', { count: c }) }))} style={{ width: 140 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={run.isPending} data-testid="recommend-submit">
                {t('recommend.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={15} ref={resultsRef} className="mj-scroll-target">
          {result ? (
            <Results result={result} />
          ) : (
            <Card className="mj-placeholder-card">
              <Empty description={t('recommend.placeholder')} />
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
