/**
 * The report of a finished mock interview: overall score and the sentence that sums it up, scores
 * per dimension (要点覆盖, 结构, 篇幅; 流畅度 and 语速 only for recorded answers) as a chart, scores
 * per topic, speech rate, the most useful `improved` hints, and per answer: the question, the score
 * (labelled a rough estimate when the question has no reference answer), one sentence explaining
 * it, the key points covered (✓, in the answer's own words) and missed (✗), the answer and its
 * recording to replay, feedback, hints and the reference answer; follow-ups under their question.
 * Every text comes from the server already in the caller's language.
 */
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { Button, Card, Col, Collapse, Descriptions, Empty, Flex, Progress, Row, Space, Tag, Typography } from 'antd';
import {
  AudioOutlined,
  AuditOutlined,
  BulbOutlined,
  CheckCircleFilled,
  CloseCircleFilled,
  MessageOutlined,
  PlayCircleOutlined,
  RedoOutlined,
} from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fileApi } from '../../api/endpoints';
import { SCORE_DIMENSIONS, type AnswerReport, type Interview, type InterviewReport as Report, type KeyPoint } from '../../api/types';
import Chart, { type ChartOption } from '../../components/charts';
import Markdown from '../../components/community/Markdown';
import { formatDateTime } from '../../components/format';
import { ScoreTag, scoreColor } from '../../components/interviews/labels';
import { useStartInterview } from '../../components/questions/useStartInterview';
import { useCareerLabel } from '../../components/community/keys';

function overallWord(t: TFunction, score: number): string {
  if (score >= 85) return t('report.level.excellent');
  if (score >= 70) return t('report.level.good');
  if (score >= 60) return t('report.level.pass');
  return t('report.level.weak');
}

function DimensionChart({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const dims = SCORE_DIMENSIONS.filter((d) => report.dimensions[d] !== undefined);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, interval: 25 },
      yAxis: { type: 'category', inverse: true, data: dims.map((d) => t(`report.dims.${d}`)), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('report.dimScore'),
          barMaxWidth: 18,
          data: dims.map((d) => ({ value: report.dimensions[d], itemStyle: { color: scoreColor(report.dimensions[d] ?? 0), borderRadius: [0, 4, 4, 0] } })),
          label: { show: true, position: 'right', formatter: '{c}' },
        },
      ],
    }),
    // Labels follow the UI language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report, i18n.language],
  );
  if (!dims.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.noDims')} />;
  return <Chart option={option} height={Math.max(160, dims.length * 40)} label={t('report.dimsTitle')} testId="dimension-chart" />;
}

/** The reference answer's key points: ✓ with the answer's own words, ✗ when missed. */
function KeyPoints({ points }: { points: KeyPoint[] }) {
  const { t } = useTranslation();
  const covered = points.filter((p) => p.covered).length;
  return (
    <>
      <div className="mj-report-label">{t('report.keyPoints', { covered, total: points.length })}</div>
      <ul className="mj-key-points" data-testid="key-points">
        {points.map((p, i) => (
          <li key={i} className={p.covered ? 'mj-kp mj-kp-covered' : 'mj-kp mj-kp-missed'} data-testid={p.covered ? 'key-point-covered' : 'key-point-missed'}>
            {p.covered ? (
              <CheckCircleFilled className="mj-kp-icon" aria-label={t('report.covered')} />
            ) : (
              <CloseCircleFilled className="mj-kp-icon" aria-label={t('report.missed')} />
            )}
            <span className="mj-kp-body">
              <span className="mj-kp-point">{p.point}</span>
              {p.covered && p.evidence ? (
                <span className="mj-kp-evidence" data-testid="key-point-evidence">
                  {t('report.evidence', { text: p.evidence })}
                </span>
              ) : null}
              {!p.covered ? <span className="mj-kp-missing">{t('report.missed')}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function AnswerBlock({ a, n, follow }: { a: AnswerReport; n: number; follow?: AnswerReport }) {
  const { t } = useTranslation();
  const dims = a.dimensions;
  return (
    <div className="mj-report-answer" data-testid="report-answer" data-index={a.index}>
      <Flex justify="space-between" align="flex-start" gap={12}>
        <Typography.Text strong className="mj-report-qn">
          {a.follow_up_of != null ? (
            <Tag color="orange" icon={<MessageOutlined />}>
              {t('mock.followUp')}
            </Tag>
          ) : (
            t('report.questionN', { n })
          )}
        </Typography.Text>
        <Flex gap={6} wrap justify="flex-end" align="center">
          {a.answer && a.estimate ? (
            <Tag color="default" data-testid="score-estimate" title={t('report.estimateHelp')}>
              {t('report.estimate')}
            </Tag>
          ) : null}
          <ScoreTag score={a.score} testId="answer-score" />
        </Flex>
      </Flex>
      <div className="mj-report-question">
        <Markdown>{a.question}</Markdown>
      </div>
      {a.answer && a.explanation ? (
        <Typography.Paragraph className="mj-report-explanation" data-testid="answer-explanation">
          {a.explanation}
        </Typography.Paragraph>
      ) : null}
      <div className="mj-report-label">
        {t('report.yourAnswer')}
        {a.recording_file_id != null ? (
          <Tag icon={<AudioOutlined />} variant="filled" style={{ marginInlineStart: 8 }}>
            {t('mock.voiceAnswer')}
          </Tag>
        ) : null}
      </div>
      {a.recording_file_id != null ? (
        <audio controls preload="none" src={fileApi.url(a.recording_file_id)} className="mj-audio" data-testid="answer-recording" />
      ) : null}
      {a.answer ? (
        <div className="mj-report-your" data-testid="your-answer">
          {a.answer}
        </div>
      ) : (
        <Typography.Text type="secondary">{t('report.notAnswered')}</Typography.Text>
      )}
      {a.answer ? (
        <>
          {a.key_points?.length ? <KeyPoints points={a.key_points} /> : null}
          <div className="mj-report-label">{t('report.feedback')}</div>
          <Typography.Paragraph className="mj-report-feedback" data-testid="answer-feedback">
            {a.feedback}
          </Typography.Paragraph>
          {a.speech_rate != null || dims ? (
            <Flex wrap gap={6} className="mj-report-dims" data-testid="answer-dims">
              {a.speech_rate != null ? <Tag>{t('report.rate', { rate: Math.round(a.speech_rate) })}</Tag> : null}
              {/* Fluency and pace exist only for recorded answers: absent ones are not shown as 0 or 100. */}
              {dims
                ? SCORE_DIMENSIONS.flatMap((d) => {
                    const v = dims[d];
                    return typeof v === 'number' ? (
                      <Tag key={d} variant="filled" data-testid={`dim-${d}`}>
                        {t(`report.dims.${d}`)} {Math.round(v * 100)}
                      </Tag>
                    ) : (
                      []
                    );
                  })
                : null}
            </Flex>
          ) : null}
          {a.improved.length ? (
            <ul className="mj-hints" data-testid="answer-hints">
              {a.improved.map((h, i) => (
                <li key={i}>{h}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {a.reference_answer && a.follow_up_of == null ? (
        <Collapse
          size="small"
          className="mj-report-ref"
          items={[
            {
              key: 'ref',
              label: t('question.referenceAnswer'),
              children: <Markdown>{a.reference_answer}</Markdown>,
            },
          ]}
          data-testid="reference-collapse"
        />
      ) : null}
      {follow ? (
        <div className="mj-report-follow">
          <AnswerBlock a={follow} n={n} />
        </div>
      ) : null}
    </div>
  );
}

export default function InterviewReport({ interview, report, title }: { interview: Interview; report: Report; title: string }) {
  const { t } = useTranslation();
  const practise = useStartInterview();
  const topicLabel = useCareerLabel();
  const mains = report.answers.filter((a) => a.follow_up_of == null);
  const weak = mains.flatMap((a) => (a.question_id != null && a.score < 60 ? [a.question_id] : []));
  const topics = Object.entries(report.topics);

  return (
    <div data-testid="report">
      <Card className="mj-report-head">
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} md={8} style={{ textAlign: 'center' }}>
            <Progress
              type="circle"
              percent={report.overall_score}
              size={148}
              strokeColor={scoreColor(report.overall_score)}
              format={(p) => (
                <span className="mj-overall" data-testid="overall-score">
                  {p}
                  <span className="mj-overall-unit">{t('report.pointsUnit')}</span>
                </span>
              )}
            />
            <div className="mj-overall-word" style={{ color: scoreColor(report.overall_score) }}>
              {overallWord(t, report.overall_score)}
            </div>
          </Col>
          <Col xs={24} md={16}>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {t('report.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
              {title}
            </Typography.Paragraph>
            {report.summary ? (
              <Typography.Paragraph className="mj-report-summary" data-testid="report-summary">
                {report.summary}
              </Typography.Paragraph>
            ) : null}
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'answered', label: t('report.answered'), children: t('report.answeredValue', { answered: report.answered, total: report.total }) },
                {
                  key: 'rate',
                  label: t('report.speechRate'),
                  children: report.speech_rate != null ? t('report.rateValue', { rate: Math.round(report.speech_rate) }) : '—',
                },
                { key: 'finished', label: t('report.finishedAt'), children: formatDateTime(interview.finished_at) || '—' },
                { key: 'scorer', label: t('report.scorer'), children: report.scorer === 'llm' ? t('report.scorerLlm') : t('report.scorerBuiltin') },
              ]}
            />
            {topics.length ? (
              <Flex wrap gap={6} align="center" style={{ marginTop: 8 }} data-testid="report-topics">
                <Typography.Text type="secondary">{t('report.topics')}</Typography.Text>
                {topics.map(([name, score]) => (
                  <Tag key={name} color={scoreColor(score)} variant="outlined">
                    {topicLabel(name)} {score}
                  </Tag>
                ))}
              </Flex>
            ) : null}
          </Col>
        </Row>
      </Card>

      <Row gutter={[20, 20]} style={{ marginTop: 20 }}>
        <Col xs={24} lg={12}>
          <Card title={t('report.dimsTitle')} size="small" className="mj-full-height">
            <DimensionChart report={report} />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('report.dimsHelp')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={
              <Space>
                <BulbOutlined style={{ color: '#faad14' }} />
                {t('report.improved')}
              </Space>
            }
            size="small"
            className="mj-full-height"
            data-testid="report-improved"
          >
            {report.improved.length ? (
              <ol className="mj-improved">
                {report.improved.map((h, i) => (
                  <li key={i}>{h}</li>
                ))}
              </ol>
            ) : (
              <Typography.Text type="secondary">{t('report.noHints')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>

      <Card title={t('report.answers')} style={{ marginTop: 20 }} data-testid="report-answers">
        {mains.map((a, i) => (
          <AnswerBlock key={a.index} a={a} n={i + 1} follow={report.answers.find((f) => f.follow_up_of === a.index)} />
        ))}
      </Card>

      <Flex wrap gap={8} justify="center" style={{ marginTop: 20 }}>
        {weak.length ? (
          <Button icon={<RedoOutlined />} loading={practise.pending} onClick={() => practise.practise(weak)} data-testid="practise-weak">
            {t('report.practiseWeak', { count: weak.length })}
          </Button>
        ) : null}
        <Link to="/mistakes">
          <Button icon={<AuditOutlined />}>{t('report.toMistakes')}</Button>
        </Link>
        <Link to="/mock-interviews">
          <Button type="primary" icon={<PlayCircleOutlined />} data-testid="another-interview">
            {t('report.again')}
          </Button>
        </Link>
      </Flex>
    </div>
  );
}
