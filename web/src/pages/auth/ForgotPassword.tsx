/** `/forgot-password`: send a reset code to a phone or email, then set a new password with it. */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Space, Steps, Typography } from 'antd';
import { LockOutlined, MobileOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/endpoints';
import { formError, useServerError, isTarget, normalizeTarget, rules } from '../../components/forms';
import SendCodeButton from '../../components/SendCodeButton';
import AuthCard from './AuthCard';

interface Values {
  target: string;
  code: string;
  new_password: string;
  confirm: string;
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useServerError();

  const reset = useMutation({
    mutationFn: (v: Values) =>
      authApi.resetPassword({ target: sentTo ?? normalizeTarget(v.target), code: v.code.trim(), new_password: v.new_password }),
    onSuccess: () => {
      void message.success(t('auth.forgot.success'));
      navigate('/login', { replace: true });
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });

  const getTarget = async () => {
    try {
      const { target } = await form.validateFields(['target']);
      return target && isTarget(target) ? normalizeTarget(target) : null;
    } catch {
      return null;
    }
  };

  return (
    <AuthCard title={t('auth.forgot.title')} subtitle={t('auth.forgot.subtitle')}>
      <Steps
        size="small"
        current={sentTo ? 1 : 0}
        items={[{ title: t('auth.forgot.step1') }, { title: t('auth.forgot.step2') }]}
        style={{ marginBottom: 24 }}
        responsive={false}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        requiredMark={false}
        onValuesChange={() => setError(null)}
        onFinish={(v) => reset.mutate(v)}
        name="forgot"
        data-testid="forgot-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Form.Item label={t('fields.target')} required={false}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="target" noStyle rules={[rules.required(t, t('fields.target')), rules.target(t)]}>
              <Input
                prefix={<MobileOutlined />}
                placeholder={t('placeholders.target')}
                disabled={!!sentTo}
                autoComplete="username"
              />
            </Form.Item>
            {sentTo ? (
              <Button onClick={() => setSentTo(null)}>{t('auth.forgot.changeTarget')}</Button>
            ) : (
              <SendCodeButton purpose="reset_password" getTarget={getTarget} onError={setError} onSent={setSentTo} />
            )}
          </Space.Compact>
        </Form.Item>
        {sentTo ? (
          <>
            <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
              {t('auth.forgot.codeSentTo', { target: sentTo })}
            </Typography.Paragraph>
            <Form.Item name="code" label={t('fields.code')} rules={[rules.required(t, t('fields.code')), rules.code(t)]}>
              <Input
                prefix={<SafetyOutlined />}
                placeholder={t('placeholders.code')}
                inputMode="numeric"
                maxLength={6}
                autoComplete="one-time-code"
              />
            </Form.Item>
            <Form.Item
              name="new_password"
              label={t('fields.newPassword')}
              rules={[rules.required(t, t('fields.newPassword')), rules.password(t, ['target'])]}
              hasFeedback
            >
              <Input.Password prefix={<LockOutlined />} placeholder={t('placeholders.newPassword')} autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('fields.confirmNewPassword')}
              dependencies={['new_password']}
              rules={[rules.required(t, t('fields.confirmNewPassword')), rules.sameAs(t, 'new_password')]}
              hasFeedback
            >
              <Input.Password prefix={<LockOutlined />} placeholder={t('placeholders.confirmPassword')} autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={reset.isPending} data-testid="reset-submit">
              {t('auth.forgot.submit')}
            </Button>
          </>
        ) : null}
      </Form>
      <Typography.Paragraph style={{ textAlign: 'center', marginTop: 16, marginBottom: 0 }}>
        <Link to="/login">{t('auth.forgot.backToLogin')}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
