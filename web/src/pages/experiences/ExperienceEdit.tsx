/**
 * `/experiences/new` and `/experiences/:id/edit`: the 面经 form. Rules mirror the server's
 * (title/company/position 1–100, ≤ 50 questions of ≤ 500, content ≤ 50000); the server's `fields`
 * reasons land under the matching inputs, `interview_questions[i]` under the i-th question.
 */
import { Button, Col, DatePicker, Flex, Form, Input, Radio, Rate, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { experienceApi } from '../../api/endpoints';
import {
  INTERVIEW_DIFFICULTIES,
  INTERVIEW_RESULTS,
  careerLabel,
  oneOf,
  type Experience,
  type ExperienceInput,
  type InterviewDifficulty,
  type InterviewResult,
} from '../../api/types';
import EditPage, { EditForm } from '../../components/EditPage';
import { rules } from '../../components/forms';
import CompanyInput from '../../components/community/CompanyInput';
import MarkdownEditor from '../../components/community/MarkdownEditor';
import { keys, useCareers } from '../../components/community/keys';
import { starWord } from '../../components/community/labels';
import SimilarExperiences from '../../components/applications/SimilarExperiences';
import { useDuplicateConfirm } from '../../components/applications/duplicateConfirm';
import { useApplicationPrefill } from '../../components/applications/prefill';

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

function ExperienceForm({ existing }: { existing?: Experience }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const careers = useCareers();
  const evaluation = Form.useWatch('interview_evaluation', form);
  const required = (field: string) => rules.required(t, field);
  const col = { xs: 24, md: 12 };
  // Issue 19: `?from_application=ID` fills a new post; a near-duplicate asks before posting.
  useApplicationPrefill(form, !existing);
  const api = useDuplicateConfirm(experienceApi);

  return (
    <EditForm
      kind="experiences"
      api={api}
      existing={existing}
      name="experience"
      title={existing ? t('exp.editTitle') : t('exp.newTitle')}
      form={form}
      toForm={toForm}
      toInput={toInput}
      alsoShownIn={[keys.companies]}
    >
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
              options={(careers.data?.items ?? []).map((c) => ({ value: c.id, label: careerLabel(c) }))}
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
      <SimilarExperiences form={form} excludeId={existing?.id} />
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
    </EditForm>
  );
}

export default function ExperienceEdit() {
  return <EditPage kind="experiences" api={experienceApi}>{(existing) => <ExperienceForm existing={existing} />}</EditPage>;
}
