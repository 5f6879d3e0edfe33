/** `/login`: password login and verification-code login (phone or email). */
import { Alert, Button, Checkbox, Flex, Form, Input, Space, Tabs, Typography } from 'antd';
import { LockOutlined, MobileOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/endpoints';
import { useMe } from '../../auth/session';
import { nextPath } from '../../auth/guards';
import { useLoginSuccess } from '../../auth/useLoginSuccess';
import { isApiError } from '../../api/client';
import { formError, useServerError, isTarget, normalizeTarget, rules } from '../../components/forms';
import SendCodeButton from '../../components/SendCodeButton';
import ConsentCheckbox from '../../components/account/ConsentCheckbox';
import AuthCard from './AuthCard';

interface PasswordValues {
  account: string;
  password: string;
  keep_logged_in: boolean;
}
interface CodeValues {
  target: string;
  code: string;
  keep_logged_in: boolean;
  accept_terms: boolean;
}

function PasswordLogin() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordValues>();
  const [error, setError] = useServerError();
  const onSuccess = useLoginSuccess();
  const login = useMutation({ mutationFn: authApi.login, onSuccess: (res) => onSuccess(res) });

  return (
    <Form<PasswordValues>
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      initialValues={{ keep_logged_in: true }}
      onValuesChange={() => setError(null)}
      onFinish={(v) =>
        login.mutate(
          { account: v.account.trim(), password: v.password, keep_logged_in: v.keep_logged_in },
          {
            // A password lockout: point to the way in that still works (a code login).
            onError: (e) =>
              setError(
                isApiError(e) && e.code === 'rate_limited'
                  ? t('loginProtection.tooManyAttempts')
                  : formError(form, e, t('errors.unknown')),
              ),
          },
        )
      }
      name="login"
      data-testid="password-login-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
      <Form.Item name="account" label={t('fields.loginAccount')} rules={[rules.required(t, t('fields.loginAccount'))]}>
        <Input prefix={<UserOutlined />} placeholder={t('placeholders.loginAccount')} autoComplete="username" />
      </Form.Item>
      <Form.Item name="password" label={t('fields.password')} rules={[rules.required(t, t('fields.password'))]}>
        <Input.Password prefix={<LockOutlined />} placeholder={t('placeholders.password')} autoComplete="current-password" />
      </Form.Item>
      <Flex justify="space-between" align="center" style={{ marginBottom: 20 }}>
        <Form.Item name="keep_logged_in" valuePropName="checked" noStyle>
          <Checkbox>{t('auth.login.keep')}</Checkbox>
        </Form.Item>
        <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
      </Flex>
      <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
        {t('auth.login.submit')}
      </Button>
    </Form>
  );
}

function CodeLogin() {
  const { t } = useTranslation();
  const [form] = Form.useForm<CodeValues>();
  const [error, setError] = useServerError();
  const onSuccess = useLoginSuccess();
  const login = useMutation({ mutationFn: authApi.loginWithCode, onSuccess: (res) => onSuccess(res) });

  const getTarget = async () => {
    try {
      const { target } = await form.validateFields(['target']);
      return target && isTarget(target) ? normalizeTarget(target) : null;
    } catch {
      return null;
    }
  };

  return (
    <Form<CodeValues>
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      initialValues={{ keep_logged_in: true, accept_terms: false }}
      onValuesChange={() => setError(null)}
      onFinish={(v) =>
        login.mutate(
          { target: normalizeTarget(v.target), code: v.code.trim(), keep_logged_in: v.keep_logged_in, accept_terms: v.accept_terms },
          {
            // An unregistered number: this login would sign up, which needs consent (issue 19).
            onError: (e) =>
              setError(isApiError(e) && e.code === 'terms_not_accepted' ? t('consent.loginNeedsConsent') : formError(form, e, t('errors.unknown'))),
          },
        )
      }
      name="codeLogin"
      data-testid="code-login-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
      <Form.Item
        name="target"
        label={t('fields.target')}
        rules={[rules.required(t, t('fields.target')), rules.target(t)]}
        extra={t('auth.login.codeHint')}
      >
        <Input prefix={<MobileOutlined />} placeholder={t('placeholders.target')} autoComplete="username" />
      </Form.Item>
      <Form.Item label={t('fields.code')} required={false}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="code" noStyle rules={[rules.required(t, t('fields.code')), rules.code(t)]}>
            <Input
              prefix={<SafetyOutlined />}
              placeholder={t('placeholders.code')}
              inputMode="numeric"
              maxLength={6}
              autoComplete="one-time-code"
            />
          </Form.Item>
          <SendCodeButton purpose="login" getTarget={getTarget} onError={setError} />
        </Space.Compact>
      </Form.Item>
      <Form.Item name="keep_logged_in" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox>{t('auth.login.keep')}</Checkbox>
      </Form.Item>
      <ConsentCheckbox required={false} />
      <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="code-login-submit">
        {t('auth.login.submit')}
      </Button>
    </Form>
  );
}

export default function Login() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.data) return <Navigate to={me.data.initialized ? nextPath(location.search) : '/init'} replace />;

  return (
    <AuthCard title={t('auth.login.title')} subtitle={t('auth.login.subtitle')}>
      <Tabs
        centered
        destroyOnHidden
        items={[
          { key: 'password', label: t('auth.login.tabPassword'), children: <PasswordLogin /> },
          { key: 'code', label: <span data-testid="tab-code">{t('auth.login.tabCode')}</span>, children: <CodeLogin /> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16, marginBottom: 0 }}>
        {t('auth.login.noAccount')} <Link to="/signup">{t('auth.login.toSignup')}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
