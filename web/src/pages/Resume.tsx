/**
 * `/resume`: the one resume of the user — autobiography, skills, education, work experience,
 * portfolio — and a PDF attachment whose text the server extracts (its skills feed 题目推荐 and
 * personalised mock interviews). Created with `POST` when absent, `PATCH`ed afterwards (lists
 * replace the stored ones), deleted after a confirm. The server's `fields` reasons land on the
 * matching section (`education`, `education[1]`, `skills`, …).
 */
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  type ButtonProps,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import {
  DeleteOutlined,
  FilePdfOutlined,
  PlusOutlined,
  SaveOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { fileApi, resumeApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import type { Resume, ResumeInput } from '../api/types';
import { formError, rules, useServerError } from '../components/forms';
import { formatDateTime } from '../components/format';
import { ErrorState, PageLoading } from '../components/States';
import { pkeys } from '../components/questions/keys';
import { checkFile, formatBytes, uploadErrorText } from '../components/uploads';
import PageHead from '../components/PageHead';

const DEGREES = ['associate', 'bachelor', 'master', 'doctor'] as const;
const LIMITS = { education: 20, work_experience: 30, portfolio: 30, skills: 50 };

interface EducationRow {
  school?: string;
  major?: string;
  degree?: string;
  admission_date?: Dayjs | null;
  graduation_date?: Dayjs | null;
}
interface WorkRow {
  company?: string;
  position?: string;
  start_date?: Dayjs | null;
  end_date?: Dayjs | null;
  description?: string;
}
interface PortfolioRow {
  title?: string;
  url?: string;
  description?: string;
}
interface FormValues {
  autobiography?: string;
  skills: string[];
  education: EducationRow[];
  work_experience: WorkRow[];
  portfolio: PortfolioRow[];
}

const day = (v?: string | null) => (v ? dayjs(v, 'YYYY-MM-DD') : null);
const ymd = (v?: Dayjs | null) => (v ? v.format('YYYY-MM-DD') : null);
const text = (v?: string | null) => (v && v.trim() ? v.trim() : null);

function toForm(r: Resume | null): FormValues {
  if (!r) return { autobiography: '', skills: [], education: [{}], work_experience: [], portfolio: [] };
  return {
    autobiography: r.autobiography ?? '',
    skills: [...r.skills],
    education: r.education.map((e) => ({
      school: e.school,
      major: e.major ?? undefined,
      degree: e.degree ?? undefined,
      admission_date: day(e.admission_date),
      graduation_date: day(e.graduation_date),
    })),
    work_experience: r.work_experience.map((w) => ({
      company: w.company,
      position: w.position ?? undefined,
      start_date: day(w.start_date),
      end_date: day(w.end_date),
      description: w.description ?? undefined,
    })),
    portfolio: r.portfolio.map((p) => ({ title: p.title, url: p.url ?? undefined, description: p.description ?? undefined })),
  };
}

/** Rows left completely empty are dropped rather than sent as invalid entries. */
function toInput(v: FormValues): ResumeInput {
  const filled = (row: object) => Object.values(row).some((x) => (typeof x === 'string' ? x.trim() : x));
  return {
    autobiography: text(v.autobiography),
    skills: (v.skills ?? []).map((s) => s.trim()).filter(Boolean),
    education: (v.education ?? []).filter(filled).map((e) => ({
      school: (e.school ?? '').trim(),
      major: text(e.major),
      degree: text(e.degree),
      admission_date: ymd(e.admission_date),
      graduation_date: ymd(e.graduation_date),
    })),
    work_experience: (v.work_experience ?? []).filter(filled).map((w) => ({
      company: (w.company ?? '').trim(),
      position: text(w.position),
      start_date: ymd(w.start_date),
      end_date: ymd(w.end_date),
      description: text(w.description),
    })),
    portfolio: (v.portfolio ?? []).filter(filled).map((p) => ({
      title: (p.title ?? '').trim(),
      url: text(p.url),
      description: text(p.description),
    })),
  };
}

/**
 * A rule: the row's key field (school, company, title) is required once anything else in the row
 * is filled; a row left completely empty is simply dropped on save.
 */
function requiredInStartedRow(t: TFunction, list: string, index: number, label: string) {
  return ({ getFieldValue }: { getFieldValue: (name: (string | number)[]) => unknown }) => ({
    validator: (_: unknown, v: string | undefined) => {
      const row = (getFieldValue([list, index]) ?? {}) as Record<string, unknown>;
      const started = Object.values(row).some((x) => (typeof x === 'string' ? x.trim() : x));
      return !started || (v ?? '').trim() ? Promise.resolve() : Promise.reject(new Error(t('validation.required', { field: label })));
    },
  });
}

/** A rule: this date is not before the date in `field` of the same row. */
function notBefore(t: TFunction, list: string, index: number, field: string) {
  return ({ getFieldValue }: { getFieldValue: (name: (string | number)[]) => unknown }) => ({
    validator: (_: unknown, v: Dayjs | null | undefined) => {
      const start = getFieldValue([list, index, field]) as Dayjs | null | undefined;
      return !v || !start || !v.isBefore(start, 'day') ? Promise.resolve() : Promise.reject(new Error(t('resume.endBeforeStart')));
    },
  });
}

function SectionList({
  name,
  title,
  addLabel,
  max,
  empty,
  children,
}: {
  name: 'education' | 'work_experience' | 'portfolio';
  title: string;
  addLabel: string;
  max: number;
  empty: string;
  children: (index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }, { errors }) => (
        <section className="mj-resume-section" data-testid={`section-${name}`}>
          <Flex justify="space-between" align="center" className="mj-resume-section-head">
            <Typography.Title level={5} style={{ margin: 0 }}>
              {title}
              {fields.length ? <span className="mj-count">{fields.length}</span> : null}
            </Typography.Title>
          </Flex>
          {fields.length === 0 ? <Typography.Paragraph type="secondary">{empty}</Typography.Paragraph> : null}
          {fields.map((field, index) => (
            <div key={field.key} className="mj-resume-item" data-testid={`${name}-${index}`}>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                className="mj-resume-remove"
                onClick={() => remove(field.name)}
                aria-label={t('resume.removeItem')}
                data-testid={`remove-${name}-${index}`}
              />
              {children(field.name)}
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          {fields.length < max ? (
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} data-testid={`add-${name}`}>
              {addLabel}
            </Button>
          ) : null}
        </section>
      )}
    </Form.List>
  );
}

function Attachment({ resume }: { resume: Resume | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useServerError();

  const attach = useMutation({
    mutationFn: async (file: File) => {
      const info = await fileApi.upload(file, 'resume');
      return resume ? resumeApi.update({ attachment_file_id: info.id }) : resumeApi.create({ attachment_file_id: info.id });
    },
    onSuccess: (saved) => {
      qc.setQueryData(pkeys.resume, saved);
      setError(null);
      void message.success(t('resume.attached'));
    },
    onError: (e) => setError(uploadErrorText(t, e, 'resume')),
  });
  const detach = useMutation({
    mutationFn: () => resumeApi.update({ attachment_file_id: null }),
    onSuccess: (saved) => {
      qc.setQueryData(pkeys.resume, saved);
      void message.success(t('resume.detached'));
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  const file = resume?.attachment ?? null;
  return (
    <Card
      size="small"
      title={
        <Space>
          <FilePdfOutlined />
          {t('resume.attachment')}
        </Space>
      }
      data-testid="attachment-card"
    >
      {file ? (
        <Flex justify="space-between" align="center" gap={8} wrap className="mj-attachment" data-testid="attachment-file">
          <a href={file.url} target="_blank" rel="noopener noreferrer" className="mj-break">
            <FilePdfOutlined style={{ color: '#cf1322' }} /> {file.original_name || t('resume.attachmentUnnamed')}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatBytes(file.size)} · {formatDateTime(file.created_at)}
          </Typography.Text>
        </Flex>
      ) : (
        <Typography.Paragraph type="secondary">{t('resume.attachmentNone')}</Typography.Paragraph>
      )}
      {error ? (
        <Alert type="error" showIcon title={error} style={{ margin: '8px 0' }} data-testid="attachment-error" />
      ) : null}
      <Space wrap style={{ marginTop: 8 }}>
        <span data-testid="attachment-upload">
          <Upload
            accept="application/pdf,.pdf"
            showUploadList={false}
            maxCount={1}
            beforeUpload={(f) => {
              const problem = checkFile(t, f, 'resume');
              if (problem) setError(problem);
              else attach.mutate(f);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<UploadOutlined />} loading={attach.isPending} type={file ? 'default' : 'primary'}>
              {file ? t('resume.replaceAttachment') : t('resume.uploadAttachment')}
            </Button>
          </Upload>
        </span>
        {file ? (
          <Button danger type="text" loading={detach.isPending} onClick={() => detach.mutate()} data-testid="attachment-remove">
            {t('resume.removeAttachment')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('upload.resumeRule')}
      </Typography.Paragraph>
      {resume?.attachment_text_excerpt ? (
        <>
          <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
            {t('resume.excerpt')}
          </Typography.Text>
          <div className="mj-excerpt" data-testid="attachment-excerpt">
            {resume.attachment_text_excerpt}
          </div>
        </>
      ) : file ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('resume.noExcerpt')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

function ExtractedSkills({ resume, onAdd, current }: { resume: Resume | null; onAdd: (s: string) => void; current: string[] }) {
  const { t } = useTranslation();
  const skills = resume?.extracted_skills ?? [];
  const have = new Set(current.map((s) => s.toLowerCase()));
  return (
    <Card size="small" title={t('resume.extracted')} data-testid="extracted-skills">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('resume.extractedDesc')}
      </Typography.Paragraph>
      {skills.length ? (
        <Flex wrap gap={6}>
          {skills.map((s) =>
            have.has(s.toLowerCase()) ? (
              <Tag key={s} color="green" data-testid="extracted-skill">
                {s}
              </Tag>
            ) : (
              <Tag
                key={s}
                color="blue"
                icon={<PlusOutlined />}
                className="mj-clickable"
                onClick={() => onAdd(s)}
                title={t('resume.addSkill')}
                data-testid="extracted-skill"
              >
                {s}
              </Tag>
            ),
          )}
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('resume.extractedNone')} />
      )}
      {skills.length ? (
        <Link to="/questions/recommend" style={{ display: 'inline-block', marginTop: 12 }}>
          {t('resume.toRecommend')}
        </Link>
      ) : null}
    </Card>
  );
}

function ResumeEditor({ resume }: { resume: Resume | null }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useServerError();
  // The form starts from the resume as first loaded; saves write the saved resume back into it.
  const initial = useMemo(() => toForm(resume), []); // eslint-disable-line react-hooks/exhaustive-deps
  const skills = Form.useWatch('skills', form) ?? [];
  const exists = useRef(!!resume);
  exists.current = !!resume;

  // Deleted elsewhere on this page: start over with an empty form.
  const hadResume = useRef(!!resume);
  useEffect(() => {
    if (hadResume.current && !resume) form.setFieldsValue(toForm(null));
    hadResume.current = !!resume;
  }, [resume, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) => (exists.current ? resumeApi.update(toInput(v)) : resumeApi.create(toInput(v))),
    onSuccess: (saved) => {
      const created = !exists.current;
      qc.setQueryData(pkeys.resume, saved);
      form.setFieldsValue(toForm(saved));
      void message.success(created ? t('resume.created') : t('resume.saved'));
    },
    onError: (e) => {
      setError(formError(form, e, t('errors.unknown')));
      if (isApiError(e) && e.fields) {
        const first = Object.keys(e.fields)[0]?.split(/[.[]/)[0];
        if (first) form.scrollToField(first);
      }
    },
  });
  const remove = useMutation({
    mutationFn: () => resumeApi.remove(),
    onSuccess: () => {
      qc.setQueryData(pkeys.resume, null);
      void message.success(t('resume.deleted'));
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  const confirmDelete = () =>
    modal.confirm({
      title: t('resume.deleteTitle'),
      content: t('resume.deleteDesc'),
      okText: t('community.delete'),
      okButtonProps: { danger: true, 'data-testid': 'resume-delete-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(),
    });

  const addSkill = (s: string) => {
    const list = form.getFieldValue('skills') ?? [];
    if (!list.some((x: string) => x.toLowerCase() === s.toLowerCase())) form.setFieldValue('skills', [...list, s]);
  };

  const col2 = { xs: 24, sm: 12 };
  return (
    <Row gutter={[20, 20]}>
      <Col xs={24} lg={16}>
        <Card className="mj-form-card">
          {!resume ? (
            <Alert type="info" showIcon title={t('resume.emptyTitle')} description={t('resume.emptyDesc')} style={{ marginBottom: 16 }} data-testid="resume-empty" />
          ) : null}
          <Form<FormValues>
            form={form}
            layout="vertical"
            initialValues={initial}
            onValuesChange={() => setError(null)}
            onFinish={(v) => save.mutate(v)}
            onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name)}
            name="resume"
            data-testid="resume-form"
            // Enter in a field (a date, a skill) must not save the whole resume; the button does.
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
            }}
          >
            {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
            <Form.Item name="autobiography" label={t('resume.autobiography')} rules={[rules.max(t, 10000)]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={10000} showCount placeholder={t('resume.autobiographyPlaceholder')} />
            </Form.Item>
            <Form.Item
              name="skills"
              label={t('resume.skills')}
              extra={t('resume.skillsHelp')}
              rules={[
                {
                  validator: (_, v: string[] | undefined) =>
                    (v ?? []).length > LIMITS.skills
                      ? Promise.reject(new Error(t('resume.skillsMax', { max: LIMITS.skills })))
                      : (v ?? []).some((s) => s.length > 50)
                        ? Promise.reject(new Error(t('resume.skillTooLong')))
                        : Promise.resolve(),
                },
              ]}
            >
              <Select mode="tags" tokenSeparators={[',', '，', '、', ';', '；']} suffixIcon={null} notFoundContent={null} placeholder={t('resume.skillsPlaceholder')} data-testid="skills-input" />
            </Form.Item>

            <SectionList name="education" title={t('resume.education')} addLabel={t('resume.addEducation')} max={LIMITS.education} empty={t('resume.educationEmpty')}>
              {(i) => (
                <Row gutter={12}>
                  <Col {...col2}>
                    <Form.Item name={[i, 'school']} label={t('resume.school')} required
                      rules={[requiredInStartedRow(t, 'education', i, t('resume.school')), rules.max(t, 100)]}>
                      <Input maxLength={100} placeholder={t('resume.schoolPlaceholder')} data-testid={`education-${i}-school`} />
                    </Form.Item>
                  </Col>
                  <Col {...col2}>
                    <Form.Item name={[i, 'major']} label={t('resume.major')} rules={[rules.max(t, 100)]}>
                      <Input maxLength={100} data-testid={`education-${i}-major`} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name={[i, 'degree']} label={t('resume.degree')} rules={[rules.max(t, 50)]}>
                      <AutoComplete options={DEGREES.map((d) => ({ value: t(`resume.degrees.${d}`) }))} placeholder={t('resume.degreePlaceholder')} data-testid={`education-${i}-degree`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={8}>
                    <Form.Item name={[i, 'admission_date']} label={t('resume.admission')}>
                      <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid={`education-${i}-admission`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={8}>
                    <Form.Item
                      name={[i, 'graduation_date']}
                      label={t('resume.graduation')}
                      dependencies={[['education', i, 'admission_date']]}
                      rules={[notBefore(t, 'education', i, 'admission_date')]}
                    >
                      <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" placeholder={t('resume.studying')} data-testid={`education-${i}-graduation`} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </SectionList>

            <SectionList name="work_experience" title={t('resume.work')} addLabel={t('resume.addWork')} max={LIMITS.work_experience} empty={t('resume.workEmpty')}>
              {(i) => (
                <Row gutter={12}>
                  <Col {...col2}>
                    <Form.Item name={[i, 'company']} label={t('resume.company')} required
                      rules={[requiredInStartedRow(t, 'work_experience', i, t('resume.company')), rules.max(t, 100)]}>
                      <Input maxLength={100} data-testid={`work_experience-${i}-company`} />
                    </Form.Item>
                  </Col>
                  <Col {...col2}>
                    <Form.Item name={[i, 'position']} label={t('resume.position')} rules={[rules.max(t, 100)]}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={12}>
                    <Form.Item name={[i, 'start_date']} label={t('resume.start')}>
                      <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                    </Form.Item>
                  </Col>
                  <Col xs={12}>
                    <Form.Item
                      name={[i, 'end_date']}
                      label={t('resume.end')}
                      dependencies={[['work_experience', i, 'start_date']]}
                      rules={[notBefore(t, 'work_experience', i, 'start_date')]}
                    >
                      <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" placeholder={t('resume.present')} />
                    </Form.Item>
                  </Col>
                  <Col span={24}>
                    <Form.Item name={[i, 'description']} label={t('resume.description')} rules={[rules.max(t, 5000)]}>
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} placeholder={t('resume.workPlaceholder')} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </SectionList>

            <SectionList name="portfolio" title={t('resume.portfolio')} addLabel={t('resume.addPortfolio')} max={LIMITS.portfolio} empty={t('resume.portfolioEmpty')}>
              {(i) => (
                <Row gutter={12}>
                  <Col {...col2}>
                    <Form.Item name={[i, 'title']} label={t('resume.projectTitle')} required
                      rules={[requiredInStartedRow(t, 'portfolio', i, t('resume.projectTitle')), rules.max(t, 100)]}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col {...col2}>
                    <Form.Item name={[i, 'url']} label={t('resume.url')} rules={[rules.url(t), rules.max(t, 500)]}>
                      <Input placeholder="https://" />
                    </Form.Item>
                  </Col>
                  <Col span={24}>
                    <Form.Item name={[i, 'description']} label={t('resume.description')} rules={[rules.max(t, 5000)]}>
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </SectionList>

            <Flex gap={8} justify="space-between" wrap className="mj-resume-actions">
              {resume ? (
                <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} data-testid="resume-delete">
                  {t('resume.delete')}
                </Button>
              ) : (
                <span />
              )}
              <Space>
                <Button onClick={() => { form.resetFields(); form.setFieldsValue(toForm(resume)); setError(null); }}>{t('common.reset')}</Button>
                <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="resume-save">
                  {resume ? t('resume.save') : t('resume.create')}
                </Button>
              </Space>
            </Flex>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Attachment resume={resume} />
          <ExtractedSkills resume={resume} onAdd={addSkill} current={skills} />
        </Space>
      </Col>
    </Row>
  );
}

export default function ResumePage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: pkeys.resume, queryFn: resumeApi.get });
  return (
    <div data-testid="resume-page">
      <PageHead title={t('resume.title')} subtitle={t('features.resume')} />
      {q.isPending ? <PageLoading /> : q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : <ResumeEditor resume={q.data} />}
    </div>
  );
}
