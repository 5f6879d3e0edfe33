/** The administration area's navigation: one row of links to every admin page (wraps at 390 px). */
import { Flex } from 'antd';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

const LINKS = [
  ['/admin/users', 'users'],
  ['/admin/companies', 'companies'],
  ['/admin/catalog', 'catalog'],
  ['/admin/questions', 'questions'],
  ['/admin/stats', 'stats'],
  ['/admin/reports', 'reports'],
] as const;

export default function AdminNav() {
  const { t } = useTranslation();
  return (
    <Flex wrap gap="small" style={{ marginBottom: 16 }} data-testid="admin-nav" role="navigation" aria-label={t('curation.nav.menu')}>
      {LINKS.map(([to, key]) => (
        <NavLink
          key={to}
          to={to}
          style={({ isActive }) => ({ fontWeight: isActive ? 600 : undefined, whiteSpace: 'nowrap' })}
        >
          {t(`curation.nav.${key}`)}
        </NavLink>
      ))}
    </Flex>
  );
}
