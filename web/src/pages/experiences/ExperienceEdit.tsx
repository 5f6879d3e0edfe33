/**
 * `/experiences/new` and `/experiences/:id/edit`: the 面经 form. Rules mirror the server's
 * (title/company/position 1–100, ≤ 50 questions of ≤ 500, content ≤ 50000); the server's `fields`
 * reasons land under the matching inputs, `interview_questions[i]` under the i-th question.
 */
import { useMemo } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Radio,
  Rate,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { experienceApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import {
  INTERVIEW_DIFFICULTIES,
  INTERVIEW_RESULTS,
  oneOf,
  type Experience,
  type ExperienceInput,
  type InterviewDifficulty,
  type InterviewResult,
} from '../../api/types';
import { formError, rules, useServerError } from '../../components/forms';
import { ErrorState, NotFoundResult, PageLoading } from '../../components/States';
import CompanyInput from '../../components/community/CompanyInput';
import MarkdownEditor from '../../components/community/MarkdownEditor';
import { keys, useCareers } from '../../components/community/keys';
import { starWord } from '../../components/community/labels';

const MAX_QUESTIONS = 50;

interface FormValues {
  title: string;
  company: string;
  position: string;
  career_id?: number | null;
  interview_date?: Dayjs | null;
  interview_result?: InterviewResult | null;
  interview_difficulty?: InterviewDifficulty | null;
  interview_evaluation?: number;
  interview_questions: string[];
  content: string;
  anonymous: boolean;
}

function toForm(e?: Experience): FormValues {
  if (!e) return { title: '', company: '', position: '', interview_questions: [''], content: '', anonymous: false, interview_evaluation: 0 };
  return {
    title: e.title,
    company: e.company,
    position: e.position ?? '',
    career_id: e.career_id ?? undefined,
    interview_date: e.interview_date ? dayjs(e.interview_date, 'YYYY-MM-DD') : null,
    interview_result: oneOf(INTERVIEW_RESULTS, e.interview_result),
    interview_difficulty: oneOf(INTERVIEW_DIFFICULTIES, e.interview_difficulty),
    interview_evaluation: e.interview_evaluation ?? 0,
    interview_questions: e.interview_questions.length ? [...e.interview_questions] : [''],
    content: e.content,
    anonymous: e.anonymous,
  };
}

function toInput(v: FormValues): ExperienceInput {
  return {
    title: v.title.trim(),
    company: v.company.trim(),
    position: v.position.trim(),
    career_id: v.career_id ?? null,
    interview_date: v.interview_date ? v.interview_date.format('YYYY-MM-DD') : null,
    interview_result: v.interview_result ?? null,
    interview_difficulty: v.interview_difficulty ?? null,
    interview_evaluation: v.interview_evaluation ? v.interview_evaluation : null,
    interview_questions: (v.interview_questions ?? []).map((q) => (q ?? '').trim()).filter(Boolean),
    content: v.content,
    anonymous: !!v.anonymous,
  };
}

/** Only what changed, for PATCH. */
function diff(before: ExperienceInput, after: ExperienceInput): Partial<ExperienceInput> {
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof ExperienceInput)[]) {
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) patch[k] = after[k];
  }
  return patch as Partial<ExperienceInput>;
}

function ExperienceForm({ existing }: { existing?: Experience }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useServerError();
  const careers = useCareers();
  const initial = useMemo(() => toForm(existing), [existing]);
  const evaluation = Form.useWatch('interview_evaluation', form);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body = toInput(v);
      if (!existing) return experienceApi.create(body);
      const patch = diff(toInput(toForm(existing)), body);
      if (Object.keys(patch).length === 0) return Promise.resolve(existing);
      return experienceApi.update(existing.id, patch);
    },
    onSuccess: (saved) => {
      qc.setQueryData(keys.experience(saved.id), saved);
      void qc.invalidateQueries({ queryKey: keys.experienceLists });
      void qc.invalidateQueries({ queryKey: keys.mine });
      void qc.invalidateQueries({ queryKey: keys.companies });
      void message.success(existing ? t('community.saved') : t('community.published'));
      void navigate(`/experiences/${saved.id}`, { replace: !!existing });
    },
    onError: (e) => {
      setError(formError(form, e, t('errors.unknown')));
      if (isApiError(e) && e.fields) form.scrollToField(Object.keys(e.fields)[0]?.split(/[.[]/)[0] ?? 'title');
    },
  });

  const required = (field: string) => rules.required(t, field);
  const col = { xs: 24, md: 12 };

  return (
    <Card
      title={<span data-testid="form-title">{existing ? t('exp.editTitle') : t('exp.newTitle')}</span>}
      className="mj-form-card"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => setError(null)}
        onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name)}
        name="experience"
        data-testid="experience-form"
        scrollToFirstError={false}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Form.Item name="title" label={t('exp.title')} rules={[required(t('exp.title')), rules.max(t, 100)]}>
          <Input placeholder={t('exp.titlePlaceholder')} maxLength={100} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="company" label={t('exp.company')} rules={[required(t('exp.company')), rules.max(t, 100)]}>
              <CompanyInput placeholder={t('exp.companyPlaceholder')} maxLength={100} testId="company-input" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="position" label={t('exp.position')} rules={[required(t('exp.position')), rules.max(t, 100)]}>
              <Input placeholder={t('exp.positionPlaceholder')} maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="career_id" label={t('exp.career')}>
              <Select<number>
                allowClear
                placeholder={t('exp.careerPlaceholder')}
                options={(careers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                loading={careers.isPending}
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="career-select"
              />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="interview_date" label={t('exp.interviewDate')}>
              <DatePicker
                style={{ width: '100%' }}
                format="YYYY-MM-DD"
                disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
                data-testid="date-picker"
              />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="interview_result" label={t('exp.result')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={INTERVIEW_RESULTS.map((r) => ({ value: r, label: t(`result.${r}`) }))}
                data-testid="result-radio"
              />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="interview_difficulty" label={t('exp.difficulty')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={INTERVIEW_DIFFICULTIES.map((d) => ({ value: d, label: t(`difficulty.${d}`) }))}
                data-testid="difficulty-radio"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('exp.evaluation')}>
          <Space size={12}>
            <Form.Item name="interview_evaluation" noStyle>
              <Rate allowClear data-testid="evaluation-rate" />
            </Form.Item>
            {evaluation ? <Typography.Text type="secondary">{starWord(t, evaluation)}</Typography.Text> : null}
          </Space>
        </Form.Item>

        <Form.List
          name="interview_questions"
          rules={[
            {
              validator: (_, list: string[] | undefined) =>
                (list ?? []).filter((q) => q && q.trim()).length > MAX_QUESTIONS
                  ? Promise.reject(new Error(t('exp.questionsMax')))
                  : Promise.resolve(),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('exp.questions')} extra={t('exp.questionsHelp')} required={false} data-testid="questions">
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="flex-start">
                    <span className="mj-q-index">{index + 1}.</span>
                    <Form.Item
                      name={field.name}
                      rules={[rules.max(t, 500)]}
                      style={{ flex: 1, marginBottom: 0 }}
                    >
                      <Input
                        placeholder={t('exp.questionPlaceholder', { index: index + 1 })}
                        maxLength={500}
                        data-testid={`question-${index}`}
                        onPressEnter={(e) => {
                          e.preventDefault();
                          if (fields.length < MAX_QUESTIONS && index === fields.length - 1) add('');
                        }}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('exp.removeQuestion')}
                      onClick={() => (fields.length > 1 ? remove(field.name) : form.setFieldValue(['interview_questions', 0], ''))}
                      data-testid={`remove-question-${index}`}
                    />
                  </Flex>
                ))}
                {fields.length < MAX_QUESTIONS ? (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block data-testid="add-question">
                    {t('exp.addQuestion')}
                  </Button>
                ) : null}
                <Form.ErrorList errors={errors} />
              </Flex>
            </Form.Item>
          )}
        </Form.List>

        <Form.Item
          name="content"
          label={t('exp.content')}
          rules={[required(t('exp.content')), rules.max(t, 50000)]}
        >
          <MarkdownEditor maxLength={50000} placeholder={t('exp.contentPlaceholder')} />
        </Form.Item>

        <Form.Item label={t('exp.anonymous')} extra={t('exp.anonymousHelp')}>
          <Form.Item name="anonymous" valuePropName="checked" noStyle>
            <Switch data-testid="anonymous-switch" />
          </Form.Item>
        </Form.Item>

        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="experience-submit">
            {existing ? t('community.saveEdit') : t('community.publish')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

export default function ExperienceEdit() {
  const { t } = useTranslation();
  const { id } = useParams();
  const editing = id !== undefined;
  const valid = !editing || /^\d+$/.test(id);
  const q = useQuery({
    queryKey: keys.experience(id ?? 'new'),
    queryFn: () => experienceApi.get(id!),
    enabled: editing && valid,
    staleTime: 60_000,
  });

  let body;
  if (!editing) body = <ExperienceForm />;
  else if (!valid) body = <NotFoundResult subTitle={t('community.notFound')} />;
  else if (q.isPending) body = <PageLoading />;
  else if (q.isError)
    body =
      isApiError(q.error) && q.error.status === 404 ? (
        <NotFoundResult subTitle={t('community.notFound')} />
      ) : (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      );
  else if (!q.data.is_author)
    body = (
      <Result
        status="403"
        title="403"
        subTitle={t('community.notAllowed')}
        extra={
          <Link to={`/experiences/${q.data.id}`}>
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  else body = <ExperienceForm existing={q.data} />;

  return <div className="mj-medium">{body}</div>;
}
