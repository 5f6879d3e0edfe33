/** `/signup`: create an account, then log in with the same password. */
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined, UserOutlined, IdcardOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/endpoints';
import { useMe } from '../../auth/session';
import { useLoginSuccess } from '../../auth/useLoginSuccess';
import { formError, useServerError, rules } from '../../components/forms';
import AuthCard from './AuthCard';

interface Values {
  account: string;
  name: string;
  email: string;
  password: string;
  confirm: string;
}

export default function Signup() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useServerError();
  const navigate = useNavigate();
  const me = useMe();
  const onLoggedIn = useLoginSuccess();

  const signup = useMutation({
    mutationFn: async (v: Values) => {
      const body = { account: v.account.trim(), name: v.name.trim(), email: v.email.trim(), password: v.password };
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

  if (me.data && !signup.isPending && !signup.isSuccess) return <Navigate to="/" replace />;

  return (
    <AuthCard title={t('auth.signup.title')} subtitle={t('auth.signup.subtitle')}>
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        requiredMark={false}
        onValuesChange={() => setError(null)}
        onFinish={(v) => signup.mutate(v)}
        name="signup"
        data-testid="signup-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Form.Item
          name="account"
          label={t('fields.account')}
          rules={[rules.required(t, t('fields.account')), rules.account(t)]}
        >
          <Input prefix={<UserOutlined />} placeholder={t('placeholders.account')} autoComplete="username" maxLength={20} />
        </Form.Item>
        <Form.Item name="name" label={t('fields.name')} rules={[rules.required(t, t('fields.name')), rules.max(t, 50)]}>
          <Input prefix={<IdcardOutlined />} placeholder={t('placeholders.name')} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('fields.email')}
          rules={[rules.required(t, t('fields.email')), rules.email(t)]}
        >
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
        <Button type="primary" htmlType="submit" block loading={signup.isPending} data-testid="signup-submit">
          {t('auth.signup.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16, marginBottom: 0 }}>
        {t('auth.signup.hasAccount')} <Link to="/login">{t('auth.signup.toLogin')}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
