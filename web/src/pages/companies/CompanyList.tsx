/** `/companies`: every company with 面经, searchable by name or alias, sorted by number of 面经 or by name. */
import { Card, Empty, Flex, Input, Pagination, Segmented, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { COMPANY_SORTS, companyApi, companyKeys, type CompanySort } from '../../api/companies';
import { oneOf } from '../../api/types';
import PageHead from '../../components/PageHead';
import { ErrorState, PageLoading } from '../../components/States';
import { useDebounced } from '../../components/hooks';
import { useUrlState } from '../../components/community/useUrlState';
import { usePageTitle } from '../../layout/DocumentTitle';
import './companies.css';

const FILTERS = ['q', 'sort'] as const;
const PER_PAGE = 30;

export default function CompanyList() {
  const { t } = useTranslation();
  usePageTitle(t('companies.title'));
  const url = useUrlState(FILTERS);
  const sort: CompanySort = oneOf(COMPANY_SORTS, url.values.sort) ?? 'count';
  const q = useDebounced(url.values.q.trim(), 250);
  const query = { q: q || undefined, sort, page: url.page, per_page: PER_PAGE };
  const list = useQuery({
    queryKey: [...companyKeys.lists, query],
    queryFn: ({ signal }) => companyApi.list(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  return (
    <div className="mj-medium" data-testid="company-list">
      <PageHead title={t('companies.title')} subtitle={t('companies.subtitle')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <Input.Search
            allowClear
            value={url.values.q}
            onChange={(e) => url.update({ q: e.target.value })}
            placeholder={t('companies.search')}
            style={{ flex: '1 1 220px' }}
            data-testid="company-search"
          />
          <Segmented
            value={sort}
            onChange={(v) => url.update({ sort: v === 'count' ? '' : String(v) })}
            options={[
              { value: 'count', label: t('companies.sortCount') },
              { value: 'name', label: t('companies.sortName') },
            ]}
            data-testid="company-sort"
          />
        </Flex>
      </Card>
      {list.isPending ? (
        <PageLoading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Card>
          <Empty description={q ? t('companies.noMatch') : t('companies.empty')} data-testid="company-empty" />
        </Card>
      ) : (
        <Card styles={{ body: { padding: '4px 16px' } }}>
          {list.data.items.map((c) => {
            const others = c.aliases.filter((a) => a !== c.name);
            return (
              <Flex
                key={c.id}
                justify="space-between"
                align="center"
                gap={8}
                className="mj-company-row"
                data-testid="company-row"
                data-id={c.id}
              >
                <div style={{ minWidth: 0 }}>
                  <Link to={`/companies/${c.id}`} className="mj-post-title" data-testid="company-name">
                    {c.name}
                  </Link>
                  {others.length ? (
                    <Typography.Paragraph type="secondary" ellipsis style={{ fontSize: 12, margin: 0 }}>
                      {t('companies.aliases')}: {others.slice(0, 6).join(' · ')}
                    </Typography.Paragraph>
                  ) : null}
                </div>
                <Tag color="green" variant="filled" style={{ marginInlineEnd: 0, flex: 'none' }} data-testid="company-count">
                  {t('companies.count', { count: c.count })}
                </Tag>
              </Flex>
            );
          })}
          {list.data.total > PER_PAGE ? (
            <Flex justify="center" style={{ padding: '12px 0' }}>
              <Pagination
                current={url.page}
                pageSize={PER_PAGE}
                total={list.data.total}
                showSizeChanger={false}
                onChange={(page) => url.update({ page })}
                size="small"
              />
            </Flex>
          ) : null}
        </Card>
      )}
    </div>
  );
}
