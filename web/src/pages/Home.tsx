/** Home: greeting, quick links to every area, and (later) the 面经 feed. */
import { Button, Card, Col, Empty, Row, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';
import { displayName } from '../layout/UserArea';
import { NAV_ITEMS } from '../layout/nav';

export default function Home() {
  const { t } = useTranslation();
  const me = useMe();
  const user = me.data;

  return (
    <div data-testid="home">
      <div className="mj-hero">
        <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 8 }} data-testid="home-greeting">
          {user ? t('home.welcome', { name: displayName(user) }) : t('home.welcomeGuest')}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: user ? 0 : 16, fontSize: 15, opacity: 0.92 }}>
          {t('home.intro')}
        </Typography.Paragraph>
        {user || me.isPending ? null : (
          <Space wrap>
            <Link to="/signup">
              <Button size="large" style={{ color: '#0e9f6e', fontWeight: 600 }}>
                {t('home.joinNow')}
              </Button>
            </Link>
            <Link to="/login">
              <Button size="large" ghost>
                {t('user.login')}
              </Button>
            </Link>
          </Space>
        )}
      </div>

      <Row gutter={[20, 20]}>
        <Col xs={24} lg={16}>
          <Card title={t('home.feedTitle')}>
            <Empty description={t('home.feedComingSoon')} style={{ padding: '32px 0' }} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('home.quickLinks')} styles={{ body: { padding: 12 } }}>
            <Row gutter={[8, 8]}>
              {NAV_ITEMS.filter((i) => i.key !== 'home').map((item) => (
                <Col span={12} key={item.key}>
                  <Link to={item.path}>
                    <Button block icon={item.icon} style={{ justifyContent: 'flex-start' }}>
                      {t(`nav.${item.key}`)}
                    </Button>
                  </Link>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
