/**
 * Beside the 面经 form: existing 面经 like the one being written (`GET /api/experiences/similar`) —
 * the same company, position and recruiting season, then posts with the title's words — so a
 * writer sees what is already there before posting. Follows the form with a short debounce.
 */
import { Alert, Card, Flex, Form, List, Skeleton, Tag, Typography, type FormInstance } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { applicationApi } from '../../api/endpoints';
import type { SimilarQuery } from '../../api/types';
import { useDebounced } from '../hooks';
import { errorMessage } from '../States';

export default function SimilarExperiences({ form, excludeId }: { form: FormInstance; excludeId?: number }) {
  const { t } = useTranslation();
  const company = (Form.useWatch('company', form) as string | undefined) ?? '';
  const position = (Form.useWatch('position', form) as string | undefined) ?? '';
  const title = (Form.useWatch('title', form) as string | undefined) ?? '';
  const date = Form.useWatch('interview_date', form) as Dayjs | null | undefined;
  // Debounced as a string: a new object each render would restart the timer for ever.
  const key = useDebounced(
    JSON.stringify({
      company: company.trim().slice(0, 100) || undefined,
      position: position.trim().slice(0, 100) || undefined,
      title: title.trim().slice(0, 200) || undefined,
      date: date ? date.format('YYYY-MM-DD') : undefined,
      exclude: excludeId,
    }),
    600,
  );
  const query = JSON.parse(key) as SimilarQuery;
  const enabled = !!(query.company || query.title);
  const q = useQuery({
    queryKey: ['experiences', 'similar', query],
    queryFn: ({ signal }) => applicationApi.similar(query, signal),
    enabled,
    staleTime: 60_000,
  });

  let body;
  if (!enabled) body = <Typography.Text type="secondary">{t('applications.similarHint')}</Typography.Text>;
  else if (q.isPending) body = <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  else if (q.isError) body = <Alert type="warning" showIcon title={errorMessage(q.error, t('errors.unknown'))} />;
  else if (!q.data.items.length)
    body = (
      <Typography.Text type="secondary" data-testid="similar-empty">
        {t('applications.similarEmpty')}
      </Typography.Text>
    );
  else
    body = (
      <List
        size="small"
        dataSource={q.data.items}
        renderItem={(e) => (
          <List.Item key={e.id} style={{ paddingInline: 0 }} data-testid="similar-item">
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Link to={`/experiences/${e.id}`} target="_blank" rel="noopener">
                {e.title}
              </Link>
              <Flex gap={4} wrap align="center">
                <Tag color={e.reason === 'same_role' ? 'green' : 'blue'}>
                  {e.reason === 'same_role' ? t('applications.sameRole') : t('applications.similarText')}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.company}
                  {e.position ? ` · ${e.position}` : ''}
                  {e.interview_date ? ` · ${e.interview_date}` : ''}
                </Typography.Text>
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    );

  return (
    <Card size="small" title={t('applications.similarTitle')} style={{ marginBottom: 16 }} data-testid="similar-experiences">
      {body}
    </Card>
  );
}
