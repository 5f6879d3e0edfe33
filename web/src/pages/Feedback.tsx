/**
 * `/feedback` 留言板: everyone reads the board (status tags, admin replies); logged-in users post;
 * admins change an item's status and reply in place.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { feedbackApi } from '../api/endpoints';
import { FEEDBACK_STATUSES, oneOf, type Feedback as FeedbackItem, type FeedbackStatus } from '../api/types';
import { useMe } from '../auth/session';
import { formError, rules, useServerError } from '../components/forms';
import { formatDateTime, formatRelative } from '../components/format';
import PagedList, { ListEmpty, usePagedQuery } from '../components/PagedList';
import AuthorInfo from '../components/community/AuthorInfo';
import { FeedbackStatusTag } from '../components/community/labels';
import { keys } from '../components/community/keys';
import { useUrlState } from '../components/community/useUrlState';
import PageHead from '../components/PageHead';

const PER_PAGE = 20;

function PostForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ content: string }>();
  const [error, setError] = useServerError();
  const post = useMutation({
    mutationFn: (content: string) => feedbackApi.create(content),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('feedback.posted'));
      void qc.invalidateQueries({ queryKey: keys.feedbacks });
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });
  return (
    <Form
      form={form}
      onFinish={(v) => post.mutate(v.content.trim())}
      onValuesChange={() => setError(null)}
      name="feedback"
      data-testid="feedback-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" /> : null}
      <Form.Item
        name="content"
        rules={[{ required: true, whitespace: true, message: t('feedback.required') }, rules.max(t, 2000)]}
        style={{ marginBottom: 28 }}
      >
        <Input.TextArea placeholder={t('feedback.placeholder')} autoSize={{ minRows: 3, maxRows: 10 }} maxLength={2000} showCount />
      </Form.Item>
      <Flex justify="flex-end">
        <Button type="primary" htmlType="submit" loading={post.isPending} data-testid="feedback-submit">
          {t('feedback.submit')}
        </Button>
      </Flex>
    </Form>
  );
}

function AdminForm({ item, onDone }: { item: FeedbackItem; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ status: FeedbackStatus; reply: string }>();
  const [error, setError] = useServerError();
  const save = useMutation({
    mutationFn: (v: { status: FeedbackStatus; reply: string }) => {
      const body: { status?: FeedbackStatus; reply?: string } = {};
      if (v.status !== item.status) body.status = v.status;
      const reply = (v.reply ?? '').trim();
      if (reply !== (item.reply ?? '')) body.reply = reply;
      return Object.keys(body).length ? feedbackApi.update(item.id, body) : Promise.resolve(item);
    },
    onSuccess: () => {
      void message.success(t('feedback.updated'));
      void qc.invalidateQueries({ queryKey: keys.feedbacks });
      onDone();
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ status: item.status, reply: item.reply ?? '' }}
      onFinish={(v) => save.mutate(v)}
      onValuesChange={() => setError(null)}
      className="mj-admin-feedback"
      data-testid="feedback-admin-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="status" label={t('feedback.status')} style={{ marginBottom: 12 }}>
        <Select
          options={FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`feedback.statuses.${s}`) }))}
          style={{ maxWidth: 200 }}
          data-testid="feedback-status-select"
        />
      </Form.Item>
      <Form.Item name="reply" label={t('feedback.replyLabel')} rules={[rules.max(t, 2000)]} style={{ marginBottom: 12 }}>
        <Input.TextArea placeholder={t('feedback.replyPlaceholder')} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} />
      </Form.Item>
      <Flex gap={8} justify="flex-end">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="feedback-admin-save">
          {t('feedback.save')}
        </Button>
      </Flex>
    </Form>
  );
}

function FeedbackEntry({ item, isAdmin }: { item: FeedbackItem; isAdmin: boolean }) {
  const { t } = useTranslation();
  const [handling, setHandling] = useState(false);
  return (
    <article className="mj-post" data-testid="feedback-item" data-id={item.id}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <AuthorInfo
          author={item.author}
          size={24}
          extra={<span title={formatDateTime(item.created_at)}>{formatRelative(item.created_at)}</span>}
        />
        <Space size={4}>
          <FeedbackStatusTag value={item.status} />
          {isAdmin && !handling ? (
            <Button size="small" type="link" onClick={() => setHandling(true)} data-testid="feedback-handle">
              {t('feedback.handle')}
            </Button>
          ) : null}
        </Space>
      </Flex>
      <div className="mj-feedback-content" data-testid="feedback-content">
        {item.content}
      </div>
      {item.reply ? (
        <div className="mj-feedback-reply" data-testid="feedback-reply">
          <Typography.Text strong>
            <CheckCircleOutlined /> {t('feedback.reply')}
          </Typography.Text>
          {item.replied_at ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }} title={formatDateTime(item.replied_at)}>
              {t('feedback.repliedAt', { time: formatRelative(item.replied_at) })}
            </Typography.Text>
          ) : null}
          <div className="mj-feedback-reply-text">{item.reply}</div>
        </div>
      ) : null}
      {handling ? <AdminForm item={item} onDone={() => setHandling(false)} /> : null}
    </article>
  );
}

export default function Feedback() {
  const { t } = useTranslation();
  const me = useMe();
  const url = useUrlState(['status'] as const);
  const status = oneOf(FEEDBACK_STATUSES, url.values.status);
  const list = usePagedQuery(
    [...keys.feedbacks, status ?? 'all'],
    (page, per_page) => feedbackApi.list({ status, page, per_page }),
    PER_PAGE,
    url,
  );
  const total = list.query.data?.total;
  const isAdmin = !!me.data?.is_admin;

  return (
    <div className="mj-medium" data-testid="feedback-page">
      <PageHead title={t('feedback.title')} subtitle={t('feedback.subtitle')} />
      <Card style={{ marginBottom: 16 }} className="mj-form-card">
        {me.data ? (
          <PostForm />
        ) : me.isPending ? null : (
          <Alert
            type="info"
            showIcon
            title={
              <span>
                <Link to="/login?next=%2Ffeedback">{t('user.login')}</Link>
                {' · '}
                {t('feedback.loginToPost')}
              </span>
            }
          />
        )}
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Flex justify="space-between" align="center" wrap gap={8} className="mj-feed-head">
          <div className="mj-scroll-x">
            <Segmented
              value={status ?? 'all'}
              onChange={(v) => url.update({ status: v === 'all' ? '' : v })}
              options={[
                { value: 'all', label: t('feedback.all') },
                ...FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`feedback.statuses.${s}`) })),
              ]}
              data-testid="feedback-filter"
            />
          </div>
          {total === undefined ? null : <Typography.Text type="secondary">{t('feedback.total', { total })}</Typography.Text>}
        </Flex>
        <PagedList
          list={list}
          testId="feedback-list"
          empty={<ListEmpty description={t('feedback.empty')} testId="feedback-empty" />}
        >
          {(item) => <FeedbackEntry key={item.id} item={item} isAdmin={isAdmin} />}
        </PagedList>
      </Card>
    </div>
  );
}
