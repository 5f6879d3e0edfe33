/**
 * `/terms` and `/privacy`: the terms of service and the privacy policy that sign-up asks consent
 * to (issue 19), rendered from the Markdown of `GET /api/pages/{slug}` in the reader's language.
 * Linked from the sign-up form and the footer.
 */
import { useEffect } from 'react';
import { Alert, Card, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { pagesApi } from '../api/endpoints';
import type { PageSlug } from '../api/types';
import { currentLanguage } from '../i18n';
import Markdown from '../components/community/Markdown';
import { formatDate } from '../components/format';
import { ErrorState, PageLoading } from '../components/States';

export default function SitePageView({ slug }: { slug: PageSlug }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const page = useQuery({ queryKey: ['site-page', slug, lang], queryFn: () => pagesApi.get(slug) });
  const title = t(`consent.pages.${slug}`);
  useEffect(() => {
    document.title = `${title} · ${t('app.brand')}`;
  }, [title, t]);

  if (page.isPending) return <PageLoading />;
  if (page.isError) return <ErrorState error={page.error} onRetry={() => page.refetch()} />;
  const p = page.data;
  return (
    <div className="mj-narrow" style={{ maxWidth: 820 }} data-testid={`site-page-${slug}`}>
      <Card>
        <Space wrap style={{ marginBottom: 8 }}>
          <Tag color="green" data-testid="page-version">{t('consent.version', { version: p.version })}</Tag>
          {p.edited && p.updated_at ? (
            <Typography.Text type="secondary">{t('consent.updatedAt', { time: formatDate(p.updated_at) })}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('consent.defaultText')}</Typography.Text>
          )}
        </Space>
        {p.lang !== lang ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('consent.fallbackNotice', { lang: t(`lang.${p.lang}`, { defaultValue: p.lang }) })} />
        ) : null}
        {p.body.trim() ? <Markdown>{p.body}</Markdown> : <Typography.Paragraph type="secondary">{title}</Typography.Paragraph>}
      </Card>
    </div>
  );
}
