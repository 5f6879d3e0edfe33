import { useTranslation } from 'react-i18next';
import { NotFoundResult } from '../components/States';
import { usePageTitle } from '../layout/DocumentTitle';

export default function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('communityBasics.titles.notFound'));
  return <NotFoundResult />;
}
