/** Page frame: header with logo, area navigation (a Drawer on narrow screens), language and user menu. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Divider, Grid, Layout, Menu, Typography } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NAV_ITEMS, activeNavKey } from './nav';
import LanguageSwitcher from './LanguageSwitcher';
import UserArea from './UserArea';
import DocumentTitle from './DocumentTitle';
import { PageLoading } from '../components/States';
import { clearSession, isSignedOutState, useMe } from '../auth/session';
import './layout.css';
import './community.css';
import './practice.css';

/** The navigation drawer exists only on narrow screens: its code is fetched there, not on every first load. */
const Drawer = lazy(() => import('antd/es/drawer'));
/** Shown to signed-in users only: a visitor's first load does not fetch it (with antd's Badge). */
const NotificationBell = lazy(() => import('./NotificationBell'));

function Logo({ onClick }: { onClick?: () => void }) {
  const { t } = useTranslation();
  return (
    <Link to="/" className="mj-logo" onClick={onClick} data-testid="logo">
      <span className="mj-logo-mark">面</span>
      <span className="mj-logo-text">
        {t('app.logoName')} <span className="mj-logo-latin">mianjing</span>
      </span>
    </Link>
  );
}

export default function AppLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // Before the first measurement all breakpoints are undefined; assume desktop only once measured.
  const wide = screens.lg === true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const selected = activeNavKey(location.pathname);
  const qc = useQueryClient();
  const me = useMe();

  // After logout / account deletion: forget the user once the destination page has rendered.
  useEffect(() => {
    if (isSignedOutState(location.state)) {
      clearSession(qc);
      void navigate(location.pathname + location.search, { replace: true, state: null });
    }
  }, [location, navigate, qc]);

  // Icons only in the drawer: without them all ten areas fit a 1280px header in Chinese.
  const items = NAV_ITEMS.map((item) => ({
    key: item.key,
    icon: wide ? undefined : item.icon,
    label: (
      <Link to={item.path} data-testid={`nav-${item.key}`}>
        {t(`nav.${item.key}`)}
      </Link>
    ),
  }));

  return (
    <Layout className="mj-layout">
      <Layout.Header className="mj-header">
        <div className="mj-header-inner">
          {wide ? null : (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.openMenu')}
              onClick={() => setDrawerOpen(true)}
              data-testid="nav-toggle"
            />
          )}
          <Logo />
          {wide ? (
            <Menu
              mode="horizontal"
              selectedKeys={selected ? [selected] : []}
              items={items}
              className="mj-nav"
              data-testid="nav"
            />
          ) : (
            <div style={{ flex: 1 }} />
          )}
          <div className="mj-header-right">
            <LanguageSwitcher compact={!wide} />
            {me.data ? (
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
            ) : null}
            <UserArea compact={!wide} />
          </div>
        </div>
      </Layout.Header>

      {/* Only once measured narrow: before the first measurement every breakpoint is undefined. */}
      {screens.lg !== false ? null : (
        <Suspense fallback={null}>
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
            title={<Logo onClick={() => setDrawerOpen(false)} />}
            styles={{ body: { padding: 0 } }}
          >
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              items={items}
              onClick={({ key }) => {
                const item = NAV_ITEMS.find((i) => i.key === key);
                setDrawerOpen(false);
                if (item) navigate(item.path);
              }}
              style={{ borderInlineEnd: 'none' }}
              data-testid="nav"
            />
            <Divider style={{ margin: '8px 0' }} />
            <div style={{ padding: '0 24px 16px' }}>
              <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
            </div>
          </Drawer>
        </Suspense>
      )}

      <Layout.Content className="mj-content">
        <div className="mj-container">
          <DocumentTitle />
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </div>
      </Layout.Content>
      <Layout.Footer className="mj-footer">
        {t('app.footer')}
        <span className="mj-footer-links" data-testid="footer-links">
          {' · '}
          <Link to="/terms">{t('consent.pages.terms')}</Link>
          {' · '}
          <Link to="/privacy">{t('consent.pages.privacy')}</Link>
        </span>
      </Layout.Footer>
    </Layout>
  );
}
