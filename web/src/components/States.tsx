/** Shared loading / empty / error states so every page looks the same while waiting or failing. */
import { lazy, Suspense } from 'react';
import { Alert, Button, Flex, Spin } from 'antd';
import type { ResultProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api/client';

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240 }} data-testid="page-loading">
      <Spin size="large" description={t('common.loading')}>
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </Flex>
  );
}

export function errorMessage(error: unknown, fallback: string): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error && error.message) return fallback;
  return fallback;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('errors.loadFailed')}
      description={errorMessage(error, t('errors.unknown'))}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ margin: '16px 0' }}
    />
  );
}

/**
 * antd's Result, fetched when first shown: its 404/403/500 illustrations are ~34 KB of script that the
 * first load of a page does not need (issue 20, "Fast first load").
 */
const AntResult = lazy(() => import('antd/es/result'));

/** antd's `Result`, loaded on first use (see `AntResult`); use it instead of importing `Result` from antd. */
export function LazyResult(props: ResultProps) {
  return (
    <Suspense fallback={<PageLoading />}>
      <AntResult {...props} />
    </Suspense>
  );
}

export function NotFoundResult({ subTitle }: { subTitle?: string }) {
  const { t } = useTranslation();
  return (
    <LazyResult
      status="404"
      title={t('notFound.title')}
      subTitle={subTitle ?? t('notFound.desc')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
