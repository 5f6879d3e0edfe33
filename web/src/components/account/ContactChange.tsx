/**
 * The phone number and email on the profile page: shown read-only, each with a "change" (or "add")
 * button that opens a dialog: enter the new value → send a code to it → enter the code → confirm
 * (`POST /api/users/me/contact/code`, then `POST /api/users/me/contact`). Saved on its own, so
 * the profile form never needs a code and never loses its edits to a missing one (issue 18).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Space, Tag, Typography, type FormInstance } from 'antd';
import { MailOutlined, MobileOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { userApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { ContactKind, Profile } from '../../api/types';
import { ME_KEY } from '../../auth/session';
import { formError, rules, useServerError } from '../forms';
import SendCodeButton from '../SendCodeButton';

type Values = { value: string; code: string };

/** The new value as the server compares it: phones without spaces or dashes, emails trimmed. */
function normalize(kind: ContactKind, v: string): string {
  return kind === 'phone' ? v.replace(/[\s-]/g, '') : v.trim();
}

/** Error codes that are about the code the user typed, not the request. */
const CODE_ERRORS = new Set(['invalid_code', 'code_attempts_exceeded']);
/** Error codes that are about the new value. */
const VALUE_ERRORS = new Set(['email_taken', 'phone_taken']);

/**
 * Puts a failed send or change onto the dialog's form: field reasons under their inputs, a taken
 * address under the value, a wrong code under the code; returns the rest for the alert.
 */
function placeError(form: FormInstance<Values>, e: unknown, fallback: string): string | null {
  if (isApiError(e) && !e.fields) {
    if (VALUE_ERRORS.has(e.code)) {
      form.setFields([{ name: 'value', errors: [e.message] }]);
      return null;
    }
    if (CODE_ERRORS.has(e.code)) {
      form.setFields([{ name: 'code', errors: [e.message] }]);
      return null;
    }
  }
  return formError(form, e, fallback);
}

function ContactDialog({ kind, current, onClose }: { kind: ContactKind; current: string | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useServerError();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const phone = kind === 'phone';

  const change = useMutation({
    mutationFn: (v: Values) => userApi.changeContact({ kind, value: normalize(kind, v.value), code: v.code.trim() }),
    onSuccess: (profile) => {
      qc.setQueryData(ME_KEY, profile);
      void message.success(t(phone ? 'privacy.phoneChanged' : 'privacy.emailChanged'));
      onClose();
    },
    onError: (e) => setError(placeError(form, e, t('errors.unknown'))),
  });

  const getTarget = async () => {
    try {
      const v = await form.validateFields(['value']);
      return normalize(kind, v.value);
    } catch {
      return null;
    }
  };

  const title = current ? t(phone ? 'privacy.changePhone' : 'privacy.changeEmail') : t(phone ? 'privacy.addPhone' : 'privacy.addEmail');
  const label = t(phone ? 'privacy.newPhone' : 'privacy.newEmail');
  return (
    <Modal open title={title} onCancel={onClose} footer={null} destroyOnHidden width={440} data-testid="contact-modal">
      <Form<Values>
        form={form}
        name={`contact_${kind}`}
        layout="vertical"
        requiredMark={false}
        onValuesChange={() => setError(null)}
        onFinish={(v) => change.mutate(v)}
        style={{ marginTop: 16 }}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="contact-error" /> : null}
        <Form.Item
          name="value"
          label={label}
          rules={[rules.required(t, label), phone ? rules.phone(t) : rules.email(t), rules.max(t, 254)]}
          extra={current ? t('privacy.current', { value: current }) : undefined}
        >
          <Input
            prefix={phone ? <MobileOutlined /> : <MailOutlined />}
            autoComplete={phone ? 'tel' : 'email'}
            inputMode={phone ? 'tel' : 'email'}
            autoFocus
          />
        </Form.Item>
        <Form.Item label={t('fields.code')} required={false} extra={sentTo ? t('privacy.codeSentTo', { target: sentTo }) : undefined}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="code" noStyle rules={[rules.required(t, t('fields.code')), rules.code(t)]}>
              <Input prefix={<SafetyOutlined />} placeholder={t('placeholders.code')} inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
            </Form.Item>
            <SendCodeButton
              send={(value) => userApi.sendContactCode({ kind, value })}
              getTarget={getTarget}
              onSent={setSentTo}
              onError={(text, e) => setError(placeError(form, e, text))}
            />
          </Space.Compact>
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="contact-submit">
          {t('privacy.confirm')}
        </Button>
      </Form>
    </Modal>
  );
}

function ContactRow({ kind, p, onOpen }: { kind: ContactKind; p: Profile; onOpen: () => void }) {
  const { t } = useTranslation();
  const value = kind === 'phone' ? p.phone : p.email;
  const verified =
    kind === 'email' && value ? (
      <Tag color={p.email_verified ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
        {t(p.email_verified ? 'privacy.verified' : 'privacy.unverified')}
      </Tag>
    ) : null;
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
        {t(kind === 'phone' ? 'fields.phone' : 'fields.email')}
      </Typography.Text>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={value ?? ''}
          placeholder={t('common.notSet')}
          readOnly
          suffix={verified}
          prefix={kind === 'phone' ? <MobileOutlined /> : <MailOutlined />}
          aria-label={t(kind === 'phone' ? 'fields.phone' : 'fields.email')}
          data-testid={`contact-${kind}-value`}
        />
        <Button onClick={onOpen} data-testid={`contact-${kind}-change`}>
          {value ? t('privacy.change') : t('privacy.add')}
        </Button>
      </Space.Compact>
    </div>
  );
}

export default function ContactChange({ p }: { p: Profile }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ContactKind | null>(null);
  return (
    <Card title={t('privacy.contactTitle')} data-testid="contact-change">
      <Typography.Paragraph type="secondary">{t('privacy.contactHint')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <ContactRow kind="phone" p={p} onOpen={() => setOpen('phone')} />
        </Col>
        <Col xs={24} md={12}>
          <ContactRow kind="email" p={p} onOpen={() => setOpen('email')} />
        </Col>
      </Row>
      {open ? <ContactDialog kind={open} current={open === 'phone' ? p.phone : p.email} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}
