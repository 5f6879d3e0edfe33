/** Placeholder for an area that is not built yet: a tidy "即将上线" result instead of a blank page. */
import { Button, Card, Result } from 'antd';
import { RocketOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NAV_ITEMS, type NavKey } from '../layout/nav';

type FeatureKey = Exclude<NavKey, 'home'>;

export default function ComingSoon({ feature }: { feature: FeatureKey }) {
  const { t } = useTranslation();
  const item = NAV_ITEMS.find((i) => i.key === feature);
  const name = t(`nav.${feature}`);
  return (
    <Card variant="borderless" data-testid="coming-soon">
      <Result
        icon={<span style={{ fontSize: 64, color: '#0e9f6e' }}>{item?.icon ?? <RocketOutlined />}</span>}
        title={
          <span>
            {name} · {t('common.comingSoon')}
          </span>
        }
        subTitle={
          <>
            <div>{t(`features.${feature}`)}</div>
            <div style={{ marginTop: 4 }}>{t('common.comingSoonDesc', { feature: name })}</div>
          </>
        }
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    </Card>
  );
}
