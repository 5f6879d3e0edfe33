import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Set the document title to `title · brand` while the page is shown (the brand alone without a title). */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  const brand = t('app.brand');
  useEffect(() => {
    document.title = title ? `${title} · ${brand}` : brand;
    return () => {
      document.title = brand;
    };
  }, [title, brand]);
}
