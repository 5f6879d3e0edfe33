/**
 * Home-page reminder of the logged-in user's written tests and interviews in the next 7 days
 * (`GET /api/applications/upcoming`, from the viewer's own date). Hidden for guests.
 */
import { Alert, Card, Flex, List, Skeleton, Tag, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { applicationApi } from '../../api/endpoints';
import { useMe } from '../../auth/session';
import { errorMessage } from '../States';
import { applicationKeys, stageColor, stageLabel } from './labels';

export default function UpcomingInterviews() {
  const { t } = useTranslation();
  const me = useMe();
  const today = dayjs().format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: [...applicationKeys.upcoming, today],
    queryFn: () => applicationApi.upcoming(today),
    enabled: !!me.data,
    staleTime: 60_000,
  });
  if (!me.data) return null;

  const day = (date: string) => {
    const d = dayjs(date, 'YYYY-MM-DD');
    if (d.isSame(dayjs(), 'day')) return t('applications.today');
    if (d.isSame(dayjs().add(1, 'day'), 'day')) return t('applications.tomorrow');
    return d.format('MM-DD ddd');
  };

  let body;
  if (q.isPending) body = <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  else if (q.isError) body = <Alert type="error" showIcon title={errorMessage(q.error, t('errors.unknown'))} />;
  else if (!q.data.items.length)
    body = (
      <Typography.Text type="secondary" data-testid="upcoming-empty">
        {t('applications.upcomingEmpty')}
      </Typography.Text>
    );
  else
    body = (
      <List
        size="small"
        dataSource={q.data.items}
        renderItem={(i) => (
          <List.Item key={`${i.application_id}-${i.stage}-${i.date}`} data-testid="upcoming-item" style={{ paddingInline: 0 }}>
            <Flex gap={8} wrap align="center" style={{ width: '100%' }}>
              <Typography.Text strong style={{ minWidth: 84 }}>
                {day(i.date)} {i.time ?? ''}
              </Typography.Text>
              <Tag color={stageColor(i.stage)}>{stageLabel(t, i.stage)}</Tag>
              <Typography.Text ellipsis style={{ flex: 1, minWidth: 120 }}>
                {i.company} · {i.position}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    );

  return (
    <Card
      size="small"
      title={
        <span>
          <CalendarOutlined /> {t('applications.upcomingTitle')}
        </span>
      }
      extra={<Link to="/applications">{t('applications.upcomingAll')}</Link>}
      style={{ marginBottom: 16 }}
      data-testid="upcoming-interviews"
    >
      {body}
    </Card>
  );
}
