/** `/profile`: the logged-in user's profile, its editor, password change and account deletion. */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { curationApi, curationKeys } from '../api/curation';
import { adminApi, userApi } from '../api/endpoints';
import { EDITABLE_PROFILE_FIELDS, GENDERS, oneOf, type Profile, type ProfilePatch } from '../api/types';
import { ME_KEY, SIGNED_OUT_STATE, useMe } from '../auth/session';
import { formError, useServerError, rules } from '../components/forms';
import { formatDate } from '../components/format';
import AvatarUpload from '../components/AvatarUpload';
import Sessions from '../components/account/Sessions';
import ContactChange from '../components/account/ContactChange';
import ExportData from '../components/account/ExportData';
import SchoolSelect from '../components/SchoolSelect';
import { ErrorState, PageLoading } from '../components/States';
import { UserAvatar, displayName } from '../layout/UserArea';

type FormValues = Omit<ProfilePatch, 'birthday'> & { birthday?: Dayjs | null };

function toFormValues(p: Profile): FormValues {
  const v: Record<string, unknown> = {};
  for (const k of EDITABLE_PROFILE_FIELDS) v[k] = p[k] ?? undefined;
  v.birthday = p.birthday ? dayjs(p.birthday, 'YYYY-MM-DD') : null;
  return v as FormValues;
}

/** Only the fields that changed; blank text becomes null (clears the field). */
function diff(p: Profile, v: FormValues): ProfilePatch {
  const patch: Record<string, unknown> = {};
  for (const k of EDITABLE_PROFILE_FIELDS) {
    let next: unknown = (v as Record<string, unknown>)[k];
    if (k === 'birthday') next = v.birthday ? v.birthday.format('YYYY-MM-DD') : null;
    if (typeof next === 'string') next = next.trim() === '' ? null : next.trim();
    if (next === undefined) next = null;
    const prev = p[k] ?? null;
    if (next !== prev) patch[k] = next;
  }
  return patch as ProfilePatch;
}

function Summary({ p }: { p: Profile }) {
  const { t } = useTranslation();
  const gender = oneOf(GENDERS, p.gender);
  const notSet = <Typography.Text type="secondary">{t('common.notSet')}</Typography.Text>;
  return (
    <Card data-testid="profile-summary">
      <Space orientation="vertical" align="center" style={{ width: '100%', textAlign: 'center' }} size={4}>
        <UserAvatar src={p.avatar} name={displayName(p)} size={80} />
        <AvatarUpload />
        <Typography.Title level={4} style={{ margin: '8px 0 0' }} data-testid="profile-name">
          {displayName(p)}
        </Typography.Title>
        {p.account ? <Typography.Text type="secondary">{t('profile.accountLabel', { account: p.account })}</Typography.Text> : null}
        <Space size={4} wrap style={{ justifyContent: 'center' }}>
          {p.is_admin ? <Tag color="gold">{t('user.admin_badge')}</Tag> : null}
          {gender ? <Tag data-testid="profile-gender">{t(`gender.${gender}`)}</Tag> : null}
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="profile-signature">
          {p.signature || t('publicProfile.noSignature')}
        </Typography.Paragraph>
      </Space>
      <Divider style={{ margin: '16px 0' }} />
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'school', label: t('fields.school'), children: p.school_name || notSet },
          { key: 'major', label: t('fields.major'), children: p.major || notSet },
          { key: 'company', label: t('fields.company'), children: p.company || notSet },
          { key: 'email', label: t('fields.email'), children: p.email || notSet },
          { key: 'phone', label: t('fields.phone'), children: p.phone || notSet },
        ]}
      />
      <Divider style={{ margin: '12px 0' }} />
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('profile.joinedAt', { date: formatDate(p.created_at) })}</Typography.Text>
        <Link to={`/users/${p.id}`}>{t('profile.viewPublic')}</Link>
      </Space>
    </Card>
  );
}

function EditProfile({ p }: { p: Profile }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useServerError();
  const initial = useMemo(() => toFormValues(p), [p]);
  // An uploaded avatar changes the profile outside this form: follow it, so saving the form
  // later does not put the old link back.
  useEffect(() => form.setFieldValue('avatar', p.avatar ?? undefined), [form, p.avatar]);

  const save = useMutation({
    mutationFn: (patch: ProfilePatch) => userApi.updateProfile(patch),
    onSuccess: (profile) => {
      qc.setQueryData(ME_KEY, profile);
      form.setFieldsValue(toFormValues(profile));
      void message.success(t('profile.saved'));
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'), { school: 'school_id' })),
  });

  const onFinish = (v: FormValues) => {
    const patch = diff(p, v);
    if (Object.keys(patch).length === 0) {
      void message.info(t('profile.noChanges'));
      return;
    }
    save.mutate(patch);
  };

  const col = { xs: 24, md: 12 };
  return (
    <Card title={t('profile.edit')}>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={() => setError(null)}
        onFinish={onFinish}
        name="profile"
        data-testid="profile-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Typography.Title level={5}>{t('profile.sectionBasic')}</Typography.Title>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="name" label={t('fields.name')} rules={[rules.required(t, t('fields.name')), rules.max(t, 50)]}>
              <Input placeholder={t('placeholders.name')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="avatar" label={t('fields.avatar')} rules={[rules.avatar(t), rules.max(t, 500)]}>
              <Input placeholder={t('placeholders.avatar')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="gender" label={t('fields.gender')}>
              <Select
                allowClear
                placeholder={t('placeholders.gender')}
                options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
                data-testid="gender-select"
              />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="birthday" label={t('fields.birthday')}>
              <DatePicker
                style={{ width: '100%' }}
                format="YYYY-MM-DD"
                placeholder={t('placeholders.birthday')}
                disabledDate={(d) => d.isAfter(dayjs())}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="signature" label={t('fields.signature')} rules={[rules.max(t, 200)]}>
              <Input.TextArea rows={2} showCount maxLength={200} placeholder={t('placeholders.signature')} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('profile.sectionContact')}</Typography.Title>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="address" label={t('fields.address')} rules={[rules.max(t, 200)]}>
              <Input autoComplete="street-address" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="website" label={t('fields.website')} rules={[rules.url(t), rules.max(t, 200)]}>
              <Input placeholder={t('placeholders.website')} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('profile.sectionCareer')}</Typography.Title>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="school_id" label={t('fields.school')}>
              <SchoolSelect initialName={p.school_name} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="major" label={t('fields.major')} rules={[rules.max(t, 100)]}>
              <Input />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="student_number" label={t('fields.student_number')} rules={[rules.max(t, 50)]}>
              <Input />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="highest_education" label={t('fields.highest_education')} rules={[rules.max(t, 50)]}>
              <Input placeholder={t('placeholders.highest_education')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="job_status" label={t('fields.job_status')} rules={[rules.max(t, 50)]}>
              <Input placeholder={t('placeholders.job_status')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="seniority" label={t('fields.seniority')} rules={[rules.max(t, 50)]}>
              <Input placeholder={t('placeholders.seniority')} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="company" label={t('fields.company')} rules={[rules.max(t, 100)]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="profile-save">
            {t('common.saveChanges')}
          </Button>
          <Button onClick={() => { form.resetFields(); setError(null); }}>{t('common.reset')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ old_password: string; new_password: string; confirm: string }>();
  const [error, setError] = useServerError();
  const change = useMutation({
    mutationFn: (v: { old_password: string; new_password: string }) => userApi.changePassword(v),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('profile.passwordChanged'));
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });
  return (
    <Card title={<Space><LockOutlined />{t('profile.changePassword')}</Space>}>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onValuesChange={() => setError(null)}
        onFinish={(v) => change.mutate({ old_password: v.old_password, new_password: v.new_password })}
        name="changePassword"
        data-testid="password-form"
        style={{ maxWidth: 420 }}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Form.Item name="old_password" label={t('fields.oldPassword')} rules={[rules.required(t, t('fields.oldPassword'))]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="new_password"
          label={t('fields.newPassword')}
          rules={[rules.required(t, t('fields.newPassword')), rules.password(t, [], () => [me.data?.account, me.data?.email, me.data?.phone])]}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" placeholder={t('placeholders.newPassword')} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('fields.confirmNewPassword')}
          dependencies={['new_password']}
          rules={[rules.required(t, t('fields.confirmNewPassword')), rules.sameAs(t, 'new_password')]}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('profile.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

function DeleteAccount() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ password: string }>();
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [error, setError] = useServerError();
  const del = useMutation({
    mutationFn: (password: string) => userApi.deleteMe({ password }),
    onSuccess: () => {
      setConfirmOpen(false);
      void navigate('/', { replace: true, state: SIGNED_OUT_STATE });
      void message.success(t('profile.deleted'));
    },
    onError: (e) => {
      setConfirmOpen(false);
      setError(formError(form, e, t('errors.unknown')));
    },
  });
  return (
    <Card
      title={<Space><DeleteOutlined />{t('profile.deleteAccount')}</Space>}
      styles={{ header: { color: '#cf1322' } }}
      style={{ borderColor: '#ffccc7' }}
    >
      <Alert type="warning" showIcon title={t('profile.deleteWarning')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onValuesChange={() => setError(null)}
        onFinish={() => setConfirmOpen(true)}
        style={{ maxWidth: 420 }}
        name="deleteAccount"
        data-testid="delete-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Form.Item name="password" label={t('fields.password')} rules={[rules.required(t, t('fields.password'))]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button danger type="primary" htmlType="submit">
          {t('profile.deleteButton')}
        </Button>
      </Form>
      <Modal
        open={confirmOpen}
        title={t('profile.deleteConfirmTitle')}
        okText={t('profile.deleteButton')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: del.isPending }}
        onOk={() => del.mutate(form.getFieldValue('password'))}
        onCancel={() => setConfirmOpen(false)}
      >
        {t('profile.deleteConfirmDesc')}
      </Modal>
    </Card>
  );
}

function ClaimAdmin() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ token: string }>();
  const [error, setError] = useServerError();
  const claim = useMutation({
    mutationFn: (token: string) => adminApi.claim(token.trim()),
    onSuccess: (profile) => {
      qc.setQueryData(ME_KEY, profile);
      void message.success(t('profile.claimed'));
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });
  return (
    <Collapse
      data-testid="claim-admin"
      items={[
        {
          key: 'claim',
          label: t('profile.claimTitle'),
          children: (
            <Form
              form={form}
              name="claimAdmin"
              layout="vertical"
              requiredMark={false}
              onValuesChange={() => setError(null)}
              onFinish={(v) => claim.mutate(v.token)}
              style={{ maxWidth: 420 }}
            >
              <Typography.Paragraph type="secondary">{t('profile.claimDesc')}</Typography.Paragraph>
              {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
              <Form.Item name="token" label={t('profile.claimToken')} rules={[rules.required(t, t('profile.claimToken'))]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Button htmlType="submit" loading={claim.isPending} data-testid="claim-submit">
                {t('profile.claimSubmit')}
              </Button>
            </Form>
          ),
        },
      ]}
    />
  );
}

/**
 * The claim panel only while no administrator exists (`GET /api/admin/claim`): once one does, the
 * start-up token is withdrawn and the panel could only fail. Hidden while loading or on error.
 */
function ClaimAdminWhileOpen() {
  const status = useQuery({ queryKey: curationKeys.claim, queryFn: () => curationApi.claimStatus() });
  return status.data?.admin_exists === false ? <ClaimAdmin /> : null;
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <PageLoading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  const p = me.data;
  if (!p) return null; // RequireAuth redirects
  return (
    <div data-testid="profile-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('profile.title')}
      </Typography.Title>
      <Row gutter={[20, 20]}>
        <Col xs={24} lg={8}>
          <Summary p={p} />
        </Col>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size={20} style={{ width: '100%' }}>
            <EditProfile key={p.id} p={p} />
            <ContactChange p={p} />
            <ChangePassword />
            <Sessions />
            <ExportData />
            <DeleteAccount />
            {p.is_admin ? null : <ClaimAdminWhileOpen />}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
