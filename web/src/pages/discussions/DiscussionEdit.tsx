/** `/discussions/new` and `/discussions/:id/edit`: title, tags (≤ 5, each ≤ 20) and Markdown body (≤ 20000). */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Result, Select } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { discussionApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { Discussion, DiscussionInput } from '../../api/types';
import { formError, rules, useServerError } from '../../components/forms';
import { useDebounced } from '../../components/hooks';
import { ErrorState, NotFoundResult, PageLoading } from '../../components/States';
import MarkdownEditor from '../../components/community/MarkdownEditor';
import { keys } from '../../components/community/keys';

const MAX_TAGS = 5;
const MAX_TAG_LEN = 20;

function TagInput({ value, onChange, id }: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const tags = useQuery({
    queryKey: [...keys.tags, 'suggest', q],
    queryFn: ({ signal }) => discussionApi.tags(q, 20, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  return (
    <Select
      id={id}
      mode="tags"
      value={value}
      onChange={(v: string[]) => onChange?.(Array.from(new Set(v.map((s) => s.trim()).filter(Boolean))))}
      maxCount={MAX_TAGS}
      tokenSeparators={[',', '，', '、']}
      showSearch={{ onSearch: setSearch }}
      placeholder={t('discussion.tagsPlaceholder')}
      options={(tags.data?.items ?? []).map((tag) => ({ value: tag.name, label: tag.name }))}
      data-testid="tag-input"
    />
  );
}

interface FormValues {
  title: string;
  tags: string[];
  content: string;
}

function DiscussionForm({ existing }: { existing?: Discussion }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useServerError();
  const initial = useMemo<FormValues>(
    () => (existing ? { title: existing.title, tags: existing.tags, content: existing.content } : { title: '', tags: [], content: '' }),
    [existing],
  );

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body: DiscussionInput = { title: v.title.trim(), tags: v.tags ?? [], content: v.content };
      if (!existing) return discussionApi.create(body);
      const patch: Partial<DiscussionInput> = {};
      if (body.title !== existing.title) patch.title = body.title;
      if (body.content !== existing.content) patch.content = body.content;
      if (JSON.stringify(body.tags) !== JSON.stringify(existing.tags)) patch.tags = body.tags;
      if (Object.keys(patch).length === 0) return Promise.resolve(existing);
      return discussionApi.update(existing.id, patch);
    },
    onSuccess: (saved) => {
      qc.setQueryData(keys.discussion(saved.id), saved);
      void qc.invalidateQueries({ queryKey: keys.discussionLists });
      void qc.invalidateQueries({ queryKey: keys.mine });
      void qc.invalidateQueries({ queryKey: keys.tags });
      void message.success(existing ? t('community.saved') : t('community.published'));
      void navigate(`/discussions/${saved.id}`, { replace: !!existing });
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });

  return (
    <Card title={<span data-testid="form-title">{existing ? t('discussion.editTitle') : t('discussion.newTitle')}</span>} className="mj-form-card">
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => setError(null)}
        name="discussion"
        data-testid="discussion-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
        <Form.Item
          name="title"
          label={t('discussion.titleLabel')}
          rules={[rules.required(t, t('discussion.titleLabel')), rules.max(t, 100)]}
        >
          <Input placeholder={t('discussion.titlePlaceholder')} maxLength={100} showCount />
        </Form.Item>
        <Form.Item
          name="tags"
          label={t('discussion.tags')}
          extra={t('discussion.tagsHelp')}
          rules={[
            {
              validator: (_, v: string[] | undefined) => {
                const list = v ?? [];
                if (list.length > MAX_TAGS) return Promise.reject(new Error(t('discussion.tagsMax')));
                if (list.some((s) => [...s].length > MAX_TAG_LEN)) return Promise.reject(new Error(t('discussion.tagTooLong')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <TagInput />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('discussion.content')}
          rules={[rules.required(t, t('discussion.content')), rules.max(t, 20000)]}
        >
          <MarkdownEditor maxLength={20000} rows={10} placeholder={t('discussion.contentPlaceholder')} />
        </Form.Item>
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="discussion-submit">
            {existing ? t('community.saveEdit') : t('community.publish')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

export default function DiscussionEdit() {
  const { t } = useTranslation();
  const { id } = useParams();
  const editing = id !== undefined;
  const valid = !editing || /^\d+$/.test(id);
  const q = useQuery({
    queryKey: keys.discussion(id ?? 'new'),
    queryFn: () => discussionApi.get(id!),
    enabled: editing && valid,
    staleTime: 60_000,
  });
  let body;
  if (!editing) body = <DiscussionForm />;
  else if (!valid) body = <NotFoundResult subTitle={t('community.notFound')} />;
  else if (q.isPending) body = <PageLoading />;
  else if (q.isError)
    body =
      isApiError(q.error) && q.error.status === 404 ? (
        <NotFoundResult subTitle={t('community.notFound')} />
      ) : (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      );
  else if (!q.data.is_author)
    body = (
      <Result
        status="403"
        title="403"
        subTitle={t('community.notAllowed')}
        extra={
          <Link to={`/discussions/${q.data.id}`}>
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  else body = <DiscussionForm existing={q.data} />;
  return <div className="mj-medium">{body}</div>;
}
