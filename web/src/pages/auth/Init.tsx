/** `/init`: a phone-first account (created by code login) sets its password and basic profile. */
import { Alert, App, Button, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { refreshMe, useMe } from '../../auth/session';
import { formError, useServerError, rules } from '../../components/forms';
import SchoolSelect from '../../components/SchoolSelect';
import { PageLoading, ErrorState } from '../../components/States';
import AuthCard from './AuthCard';

interface Values {
  password: string;
  confirm: string;
  name: string;
  email?: string;
  school_id?: number | null;
  major?: string;
  student_number?: string;
}

const blankToNull = (v?: string | null) => (v && v.trim() ? v.trim() : null);

export default function Init() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useServerError();

  const init = useMutation({
    mutationFn: (v: Values) =>
      authApi.init({
        password: v.password,
        name: v.name.trim(),
        email: blankToNull(v.email),
        school_id: v.school_id ?? null,
        major: blankToNull(v.major),
        student_number: blankToNull(v.student_number),
      }),
    onSuccess: async () => {
      void message.success(t('auth.init.success'));
      await refreshMe(qc).catch(() => null);
      navigate('/', { replace: true });
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'already_initialized') {
        void message.info(e.message);
        await refreshMe(qc).catch(() => null);
        navigate('/', { replace: true });
        return;
      }
      setError(formError(form, e, t('errors.unknown')));
    },
  });

  if (me.isPending) return <PageLoading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <Navigate to="/login" replace />;
  if (me.data.initialized && !init.isPending && !init.isSuccess) return <Navigate to="/" replace />;

  return (
    <AuthCard title={t('auth.init.title')} subtitle={t('auth.init.subtitle')}>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ name: me.data.name ?? '', email: me.data.email ?? '' }}
        onValuesChange={() => setError(null)}
        onFinish={(v) => init.mutate(v)}
        name="init"
        data-testid="init-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Form.Item
          name="password"
          label={t('fields.password')}
          rules={[rules.required(t, t('fields.password')), rules.password(t, ['email'], () => [me.data?.phone])]}
          hasFeedback
        >
          <Input.Password placeholder={t('placeholders.newPassword')} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('fields.confirmPassword')}
          dependencies={['password']}
          rules={[rules.required(t, t('fields.confirmPassword')), rules.sameAs(t, 'password')]}
          hasFeedback
        >
          <Input.Password placeholder={t('placeholders.confirmPassword')} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="name" label={t('fields.name')} rules={[rules.required(t, t('fields.name')), rules.max(t, 50)]}>
          <Input placeholder={t('placeholders.name')} autoComplete="name" />
        </Form.Item>
        <Form.Item name="email" label={t('fields.email')} rules={[rules.email(t)]}>
          <Input placeholder={t('placeholders.email')} autoComplete="email" />
        </Form.Item>
        <Form.Item name="school_id" label={t('fields.school')}>
          <SchoolSelect />
        </Form.Item>
        <Form.Item name="major" label={t('fields.major')} rules={[rules.max(t, 100)]}>
          <Input />
        </Form.Item>
        <Form.Item name="student_number" label={t('fields.student_number')} rules={[rules.max(t, 50)]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={init.isPending} data-testid="init-submit">
          {t('auth.init.submit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
