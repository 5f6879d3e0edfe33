/**
 * The form of one application and its rounds, in a modal (create or edit). Rules mirror the
 * server's (company/position 1–100, notes ≤ 5000, ≤ 20 rounds, ≤ 50 questions of ≤ 500 per round,
 * a time only with a date); the server's `fields` reasons (`rounds[1].time`) land under the inputs.
 * Questions are typed one per line.
 */
import { useEffect } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Input, Modal, Row, Select, TimePicker } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { applicationApi } from '../../api/endpoints';
import {
  APPLICATION_CHANNELS,
  APPLICATION_STAGES,
  type Application,
  type ApplicationInput,
} from '../../api/types';
import { formError, rules, useServerError } from '../../components/forms';
import CompanyInput from '../../components/community/CompanyInput';
import { applicationKeys, channelLabel, stageLabel } from '../../components/applications/labels';

const MAX_ROUNDS = 20;

interface RoundValues {
  stage: string;
  date?: Dayjs | null;
  time?: Dayjs | null;
  notes?: string;
  questions?: string;
}

interface Values {
  company: string;
  position: string;
  channel: string;
  applied_on?: Dayjs | null;
  stage: string;
  notes?: string;
  rounds: RoundValues[];
}

function toValues(a?: Application): Values {
  if (!a) return { company: '', position: '', channel: 'other', stage: 'applied', applied_on: dayjs(), rounds: [] };
  return {
    company: a.company,
    position: a.position,
    channel: a.channel,
    applied_on: a.applied_on ? dayjs(a.applied_on, 'YYYY-MM-DD') : null,
    stage: a.stage,
    notes: a.notes ?? '',
    rounds: a.rounds.map((r) => ({
      stage: r.stage,
      date: r.date ? dayjs(r.date, 'YYYY-MM-DD') : null,
      time: r.time ? dayjs(r.time, 'HH:mm') : null,
      notes: r.notes ?? '',
      questions: r.questions.join('\n'),
    })),
  };
}

function toInput(v: Values): ApplicationInput {
  return {
    company: v.company.trim(),
    position: v.position.trim(),
    channel: v.channel,
    applied_on: v.applied_on ? v.applied_on.format('YYYY-MM-DD') : null,
    stage: v.stage,
    notes: v.notes?.trim() ? v.notes.trim() : null,
    rounds: (v.rounds ?? []).map((r) => ({
      stage: r.stage,
      date: r.date ? r.date.format('YYYY-MM-DD') : null,
      time: r.time ? r.time.format('HH:mm') : null,
      notes: r.notes?.trim() ? r.notes.trim() : null,
      questions: (r.questions ?? '')
        .split('\n')
        .map((q) => q.trim())
        .filter(Boolean),
    })),
  };
}

/** The next stage a new round is likely to be: the one after the last round's (or 笔试). */
function nextStage(rounds: RoundValues[] | undefined): string {
  const last = rounds?.[rounds.length - 1]?.stage;
  const i = APPLICATION_STAGES.indexOf(last as (typeof APPLICATION_STAGES)[number]);
  if (i < 0) return 'written_test';
  return APPLICATION_STAGES[Math.min(i + 1, APPLICATION_STAGES.indexOf('hr_interview'))];
}

export default function ApplicationForm({ open, existing, onClose }: { open: boolean; existing?: Application; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useServerError();

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toValues(existing));
      setError(null);
    }
  }, [open, existing]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = useMutation({
    mutationFn: (v: Values) => (existing ? applicationApi.update(existing.id, toInput(v)) : applicationApi.create(toInput(v))),
    onSuccess: (saved) => {
      qc.setQueryData(applicationKeys.one(saved.id), saved);
      void qc.invalidateQueries({ queryKey: applicationKeys.all });
      void message.success(existing ? t('applications.saved') : t('applications.created'));
      onClose();
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });

  const stageOptions = APPLICATION_STAGES.map((s) => ({ value: s, label: stageLabel(t, s) }));
  const col = { xs: 24, sm: 12 };
  const required = (field: string) => rules.required(t, field);

  return (
    <Modal
      open={open}
      title={existing ? t('applications.edit') : t('applications.newTitle')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={
        <Flex gap={8} justify="flex-end">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="application-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="application"
        initialValues={toValues(existing)}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => setError(null)}
        data-testid="application-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="application-form-error" /> : null}
        <Row gutter={12}>
          <Col {...col}>
            <Form.Item name="company" label={t('applications.company')} rules={[required(t('applications.company')), rules.max(t, 100)]}>
              <CompanyInput placeholder={t('applications.companyPlaceholder')} maxLength={100} testId="application-company" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="position" label={t('applications.position')} rules={[required(t('applications.position')), rules.max(t, 100)]}>
              <Input placeholder={t('applications.positionPlaceholder')} maxLength={100} data-testid="application-position" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="channel" label={t('applications.channel')}>
              <Select options={APPLICATION_CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))} data-testid="application-channel" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="applied_on" label={t('applications.appliedOn')}>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="stage" label={t('applications.stage')}>
              <Select options={stageOptions} data-testid="application-stage" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('applications.notes')} rules={[rules.max(t, 5000)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('applications.notesPlaceholder')} />
        </Form.Item>

        <Form.List name="rounds">
          {(fields, { add, remove }) => (
            <Form.Item label={t('applications.rounds')} required={false}>
              <Flex vertical gap={12}>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    data-testid={`round-${index}`}
                    title={`#${index + 1}`}
                    extra={
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('applications.removeRound')}
                        onClick={() => remove(field.name)}
                        data-testid={`remove-round-${index}`}
                      />
                    }
                  >
                    <Row gutter={8}>
                      <Col xs={24} sm={8}>
                        <Form.Item name={[field.name, 'stage']} label={t('applications.roundStage')} style={{ marginBottom: 8 }}>
                          <Select options={stageOptions} data-testid={`round-stage-${index}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={8}>
                        <Form.Item name={[field.name, 'date']} label={t('applications.roundDate')} style={{ marginBottom: 8 }}>
                          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid={`round-date-${index}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={8}>
                        <Form.Item name={[field.name, 'time']} label={t('applications.roundTime')} style={{ marginBottom: 8 }}>
                          <TimePicker style={{ width: '100%' }} format="HH:mm" minuteStep={5} needConfirm={false} data-testid={`round-time-${index}`} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.Item
                      name={[field.name, 'questions']}
                      label={t('applications.questions')}
                      extra={t('applications.questionsHelp')}
                      style={{ marginBottom: 8 }}
                    >
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} placeholder={t('applications.questionsPlaceholder')} data-testid={`round-questions-${index}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'notes']} label={t('applications.roundNotes')} rules={[rules.max(t, 2000)]} style={{ marginBottom: 0 }}>
                      <Input maxLength={2000} />
                    </Form.Item>
                  </Card>
                ))}
                {fields.length < MAX_ROUNDS ? (
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    block
                    onClick={() => add({ stage: nextStage(form.getFieldValue('rounds')), date: null, time: null, notes: '', questions: '' })}
                    data-testid="add-round"
                  >
                    {t('applications.addRound')}
                  </Button>
                ) : null}
              </Flex>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
