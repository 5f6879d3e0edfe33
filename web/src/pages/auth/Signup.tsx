/**
 * `/signup`, as Chinese sites do it (issue 19), in two tabs:
 * - 手机号注册: phone + code + consent → `POST /api/users/login/code` with `accept_terms`, which
 *   creates the account and logs in; the optional second step (password, name) is `/init`. A number
 *   that is already registered simply logs in.
 * - 账号注册: account name, name, email, password + consent → `POST /api/users/signup`, then a
 *   password login.
 * Both record the acceptance of the terms and privacy policy; the API refuses a sign-up without it.
 */
import { useEffect } from 'react';
import { Alert, App, Button, Form, Input, Space, Tabs, Typography } from 'antd';
import { LockOutlined, MailOutlined, MobileOutlined, SafetyOutlined, UserOutlined, IdcardOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/endpoints';
import { useMe } from '../../auth/session';
import { useLoginSuccess } from '../../auth/useLoginSuccess';
import { formError, useServerError, normalizeTarget, rules } from '../../components/forms';
import SendCodeButton from '../../components/SendCodeButton';
import ConsentCheckbox from '../../components/account/ConsentCheckbox';
import AuthCard from './AuthCard';

interface AccountValues {
  account: string;
  name: string;
  email: string;
  password: string;
  confirm: string;
  accept_terms: boolean;
}

interface PhoneValues {
  phone: string;
  code: string;
  accept_terms: boolean;
}

function PhoneSignup() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PhoneValues>();
  const [error, setError] = useServerError();
  const onLoggedIn = useLoginSuccess();
  const signup = useMutation({
    mutationFn: (v: PhoneValues) =>
      authApi.loginWithCode({ target: normalizeTarget(v.phone), code: v.code.trim(), accept_terms: v.accept_terms, keep_logged_in: true }),
    onSuccess: (res) => onLoggedIn(res, '/'),
    onError: (e) => setError(formError(form, e, t('errors.unknown'), { target: 'phone' })),
  });
  const getTarget = async () => {
    try {
      const { phone } = await form.validateFields(['phone']);
      return phone ? normalizeTarget(phone) : null;
    } catch {
      return null;
    }
  };
  return (
    <Form<PhoneValues>
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      initialValues={{ accept_terms: false }}
      onValuesChange={() => setError(null)}
      onFinish={(v) => signup.mutate(v)}
      name="phoneSignup"
      data-testid="phone-signup-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
      <Typography.Paragraph type="secondary">{t('consent.phoneHint')}</Typography.Paragraph>
      <Form.Item name="phone" label={t('fields.phone')} rules={[rules.required(t, t('fields.phone')), rules.phone(t)]}>
        <Input prefix={<MobileOutlined />} placeholder={t('consent.phonePlaceholder')} autoComplete="tel" inputMode="tel" />
      </Form.Item>
      <Form.Item label={t('fields.code')} required={false}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="code" noStyle rules={[rules.required(t, t('fields.code')), rules.code(t)]}>
            <Input prefix={<SafetyOutlined />} placeholder={t('placeholders.code')} inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
          </Form.Item>
          <SendCodeButton purpose="login" getTarget={getTarget} onError={setError} />
        </Space.Compact>
      </Form.Item>
      <ConsentCheckbox />
      <Button type="primary" htmlType="submit" block loading={signup.isPending} data-testid="phone-signup-submit">
        {t('consent.phoneSubmit')}
      </Button>
    </Form>
  );
}

function AccountSignup() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountValues>();
  const [error, setError] = useServerError();
  const navigate = useNavigate();
  const onLoggedIn = useLoginSuccess();

  const signup = useMutation({
    mutationFn: async (v: AccountValues) => {
      const body = { account: v.account.trim(), name: v.name.trim(), email: v.email.trim(), password: v.password, accept_terms: v.accept_terms };
      await authApi.signup(body);
      try {
        return await authApi.login({ account: body.account, password: body.password, keep_logged_in: true });
      } catch {
        return null; // signed up but could not log in automatically
      }
    },
    onSuccess: async (res) => {
      if (res) {
        void message.success(t('auth.signup.success'));
        await onLoggedIn(res, '/');
      } else {
        void message.info(t('auth.signup.loginAfter'));
        navigate('/login');
      }
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });

  return (
    <Form<AccountValues>
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      initialValues={{ accept_terms: false }}
      onValuesChange={() => setError(null)}
      onFinish={(v) => signup.mutate(v)}
      name="signup"
      data-testid="signup-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
      <Typography.Paragraph type="secondary">{t('consent.accountHint')}</Typography.Paragraph>
      <Form.Item name="account" label={t('fields.account')} rules={[rules.required(t, t('fields.account')), rules.account(t)]}>
        <Input prefix={<UserOutlined />} placeholder={t('placeholders.account')} autoComplete="username" maxLength={20} />
      </Form.Item>
      <Form.Item name="name" label={t('fields.name')} rules={[rules.required(t, t('fields.name')), rules.max(t, 50)]}>
        <Input prefix={<IdcardOutlined />} placeholder={t('placeholders.name')} autoComplete="name" />
      </Form.Item>
      <Form.Item name="email" label={t('fields.email')} rules={[rules.required(t, t('fields.email')), rules.email(t)]}>
        <Input prefix={<MailOutlined />} placeholder={t('placeholders.email')} autoComplete="email" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('fields.password')}
        rules={[rules.required(t, t('fields.password')), rules.password(t, ['account', 'email', 'phone'])]}
        hasFeedback
      >
        <Input.Password prefix={<LockOutlined />} placeholder={t('placeholders.newPassword')} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('fields.confirmPassword')}
        dependencies={['password']}
        rules={[rules.required(t, t('fields.confirmPassword')), rules.sameAs(t, 'password')]}
        hasFeedback
      >
        <Input.Password prefix={<LockOutlined />} placeholder={t('placeholders.confirmPassword')} autoComplete="new-password" />
      </Form.Item>
      <ConsentCheckbox />
      <Button type="primary" htmlType="submit" block loading={signup.isPending} data-testid="signup-submit">
        {t('auth.signup.submit')}
      </Button>
    </Form>
  );
}

const TABS = ['phone', 'account'] as const;

export default function Signup() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'phone';
  useEffect(() => {
    document.title = `${t('auth.signup.title')} · ${t('app.brand')}`;
  }, [t]);

  if (me.data) return <Navigate to={me.data.initialized ? '/' : '/init'} replace />;

  return (
    <AuthCard title={t('auth.signup.title')} subtitle={t('auth.signup.subtitle')}>
      <Tabs
        centered
        destroyOnHidden
        activeKey={tab}
        onChange={(k) => setParams(k === 'phone' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'phone', label: <span data-testid="tab-phone-signup">{t('consent.tabPhone')}</span>, children: <PhoneSignup /> },
          { key: 'account', label: <span data-testid="tab-account-signup">{t('consent.tabAccount')}</span>, children: <AccountSignup /> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16, marginBottom: 0 }}>
        {t('auth.signup.hasAccount')} <Link to="/login">{t('auth.signup.toLogin')}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
