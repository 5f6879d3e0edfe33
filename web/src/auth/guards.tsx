import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from './session';
import { PageLoading, ErrorState, LazyResult } from '../components/States';

/** Renders children only for a logged-in, initialised user; otherwise redirects to login or /init. */
export function RequireAuth({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <PageLoading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!me.data.initialized && location.pathname !== '/init') return <Navigate to="/init" replace />;
  if (admin && !me.data.is_admin) return <LazyResult status="403" title="403" subTitle={t('errors.forbidden')} />;
  return <>{children}</>;
}

/** Where to go after a successful login: the `next` query parameter if it is a local path. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  return '/';
}
