/**
 * `/admin/pages`: administrators edit the terms of service and the privacy policy per language
 * (issue 19). Each save is `PUT /api/admin/pages/{slug}` and raises the page's version, which later
 * sign-ups record; the preview renders the Markdown as readers will see it.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Segmented, Space, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { pagesApi } from '../../api/endpoints';
import type { PageSlug, PutPage } from '../../api/types';
import { LANGUAGES } from '../../i18n';
import Markdown from '../../components/community/Markdown';
import { formError, useServerError, rules } from '../../components/forms';
import { ErrorState, PageLoading } from '../../components/States';

type Lang = PutPage['lang'];

function Editor({ slug, lang }: { slug: PageSlug; lang: Lang }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ body: string }>();
  const [error, setError] = useServerError();
  const [body, setBody] = useState('');
  const page = useQuery({ queryKey: ['site-page-admin', slug, lang], queryFn: () => pagesApi.get(slug, lang) });
  // The text of this language if it was edited, else the shipped default (the server falls back
  // to another edited language; an admin starts from this language's default instead).
  const own = page.data && (page.data.lang === lang || !page.data.edited) ? page.data.body : '';
  useEffect(() => {
    form.setFieldsValue({ body: own });
    setBody(own);
  }, [own, form]);
  const save = useMutation({
    mutationFn: (v: { body: string }) => pagesApi.put(slug, { lang, body: v.body }),
    onSuccess: async (p) => {
      void message.success(t('consent.admin.saved', { version: p.version }));
      await qc.invalidateQueries({ queryKey: ['site-page'] });
      await qc.invalidateQueries({ queryKey: ['site-page-admin', slug] });
    },
    onError: (e) => setError(formError(form, e, t('errors.unknown'))),
  });

  if (page.isPending) return <PageLoading />;
  if (page.isError) return <ErrorState error={page.error} onRetry={() => page.refetch()} />;
  return (
    <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} onValuesChange={(_, all) => { setError(null); setBody(all.body ?? ''); }} data-testid="page-editor">
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color="green">{t('consent.version', { version: page.data.version })}</Tag>
        {page.data.lang === lang && page.data.edited ? null : <Typography.Text type="secondary">{t('consent.admin.notEdited')}</Typography.Text>}
      </Space>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
      <Tabs
        items={[
          {
            key: 'edit',
            label: t('consent.admin.edit'),
            children: (
              <Form.Item name="body" label={t('consent.admin.body')} rules={[rules.required(t, t('consent.admin.body')), rules.max(t, 100000)]}>
                <Input.TextArea autoSize={{ minRows: 12, maxRows: 30 }} data-testid="page-body" />
              </Form.Item>
            ),
          },
          { key: 'preview', label: t('consent.admin.preview'), children: <Markdown>{body}</Markdown> },
        ]}
      />
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="page-save">
        {t('consent.admin.save')}
      </Button>
    </Form>
  );
}

export default function AdminPages() {
  const { t } = useTranslation();
  const [slug, setSlug] = useState<PageSlug>('terms');
  const [lang, setLang] = useState<Lang>('zh-CN');
  useEffect(() => {
    document.title = `${t('consent.admin.title')} · ${t('app.brand')}`;
  }, [t]);
  return (
    <div data-testid="admin-pages">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('consent.admin.title')}
        </Typography.Title>
        <Link to="/admin/users">{t('admin.usersTitle')}</Link>
      </Flex>
      <Typography.Paragraph type="secondary">{t('consent.admin.subtitle')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented<PageSlug>
            value={slug}
            onChange={setSlug}
            options={[
              { value: 'terms', label: t('consent.pages.terms') },
              { value: 'privacy', label: t('consent.pages.privacy') },
            ]}
          />
          <Segmented<Lang> value={lang} onChange={setLang} options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))} />
        </Space>
        <Editor key={`${slug}-${lang}`} slug={slug} lang={lang} />
      </Card>
    </div>
  );
}
