/** `/discussions/new` and `/discussions/:id/edit`: title, tags (≤ 5, each ≤ 20) and Markdown body (≤ 20000). */
import { useState } from 'react';
import { Form, Input, Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { discussionApi } from '../../api/endpoints';
import type { Discussion, DiscussionInput } from '../../api/types';
import EditPage, { EditForm } from '../../components/EditPage';
import { rules } from '../../components/forms';
import { useDebounced } from '../../components/hooks';
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

function toForm(d?: Discussion): FormValues {
  return d ? { title: d.title, tags: d.tags, content: d.content } : { title: '', tags: [], content: '' };
}

function DiscussionForm({ existing }: { existing?: Discussion }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();

  return (
    <EditForm
      kind="discussions"
      api={discussionApi}
      existing={existing}
      name="discussion"
      title={existing ? t('discussion.editTitle') : t('discussion.newTitle')}
      form={form}
      toForm={toForm}
      toInput={(v): DiscussionInput => ({ title: v.title.trim(), tags: v.tags ?? [], content: v.content })}
      alsoShownIn={[keys.tags]}
    >
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
    </EditForm>
  );
}

export default function DiscussionEdit() {
  return <EditPage kind="discussions" api={discussionApi}>{(existing) => <DiscussionForm existing={existing} />}</EditPage>;
}
