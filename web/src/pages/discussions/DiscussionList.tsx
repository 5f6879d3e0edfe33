/** `/discussions`: discussions filtered by a tag from the tag cloud, searched and sorted; state in the URL. */
import { useEffect, useState } from 'react';
import { Button, Card, Col, Empty, Flex, Grid, Input, Pagination, Row, Segmented, Space, Tag, Typography } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { discussionApi } from '../../api/endpoints';
import type { DiscussionQuery, DiscussionSort } from '../../api/types';
import DiscussionCard from '../../components/community/DiscussionCard';
import { keys } from '../../components/community/keys';
import { useUrlState } from '../../components/community/useUrlState';
import { ErrorState, PageLoading } from '../../components/States';

const PER_PAGE = 20;
const SORTS: DiscussionSort[] = ['latest', 'popular'];

function TagCloud({ selected, onSelect }: { selected: string; onSelect: (tag: string) => void }) {
  const { t } = useTranslation();
  const tags = useQuery({
    queryKey: [...keys.tags, 'cloud'],
    queryFn: ({ signal }) => discussionApi.tags('', 40, signal),
    staleTime: 60_000,
  });
  return (
    <Card title={t('discussion.hotTags')} size="small" data-testid="tag-cloud">
      {tags.isPending ? (
        <PageLoading />
      ) : tags.isError ? (
        <ErrorState error={tags.error} onRetry={() => tags.refetch()} />
      ) : tags.data.items.length === 0 ? (
        <Typography.Text type="secondary">{t('discussion.noTags')}</Typography.Text>
      ) : (
        <Flex wrap gap={6}>
          <Tag.CheckableTag checked={!selected} onChange={() => onSelect('')} className="mj-hot-tag">
            {t('discussion.allTags')}
          </Tag.CheckableTag>
          {tags.data.items.map((tag) => (
            <Tag.CheckableTag
              key={tag.name}
              checked={selected === tag.name}
              onChange={(on) => onSelect(on ? tag.name : '')}
              className="mj-hot-tag"
              data-testid="cloud-tag"
            >
              # {tag.name} <span className="mj-tag-count">{tag.count}</span>
            </Tag.CheckableTag>
          ))}
        </Flex>
      )}
    </Card>
  );
}

export default function DiscussionList() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const { values, page, update, clear } = useUrlState(['tag', 'q', 'sort'] as const);
  const [q, setQ] = useState(values.q);
  useEffect(() => setQ(values.q), [values.q]);

  const sort = (SORTS as string[]).includes(values.sort) ? (values.sort as DiscussionSort) : undefined;
  const query: DiscussionQuery = { tag: values.tag || undefined, q: values.q || undefined, sort, page, per_page: PER_PAGE };
  const list = useQuery({
    queryKey: [...keys.discussionLists, 'list', query],
    queryFn: ({ signal }) => discussionApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const sortOptions = [
    ...(values.q ? [{ value: 'relevance', label: t('sort.relevance') }] : []),
    ...SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) })),
  ];
  const sortValue = sort ?? (values.q ? 'relevance' : 'latest');
  const filtered = !!values.tag || !!values.q;

  return (
    <div data-testid="discussions">
      <Flex justify="space-between" align="center" wrap gap={12} className="mj-page-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('discussion.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('discussion.subtitle')}</Typography.Text>
        </div>
        <Link to="/discussions/new">
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-discussion">
            {t('discussion.new')}
          </Button>
        </Link>
      </Flex>
      <Row gutter={[20, 16]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 17, order: 1 }}>
          <Card styles={{ body: { padding: 0 } }}>
            <div className="mj-feed-head">
              <Input.Search
                value={q}
                onChange={(e) => setQ(e.target.value)}
                onSearch={(v) => update({ q: v.trim() })}
                placeholder={t('discussion.searchPlaceholder')}
                allowClear
                enterButton={t('common.search')}
                size={narrow ? 'middle' : 'large'}
                maxLength={100}
                data-testid="discussion-search"
              />
              <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
                <Segmented
                  value={sortValue}
                  options={sortOptions}
                  onChange={(v) => update({ sort: v === 'relevance' || (v === 'latest' && !values.q) ? '' : String(v) })}
                  data-testid="discussion-sort"
                />
                <Space size={8} wrap>
                  {values.tag ? (
                    <Tag
                      color="green"
                      closable
                      closeIcon={<CloseOutlined />}
                      onClose={(e) => {
                        e.preventDefault();
                        update({ tag: '' });
                      }}
                      data-testid="active-tag"
                    >
                      {t('discussion.filteredBy', { tag: values.tag })}
                    </Tag>
                  ) : null}
                  {list.data ? (
                    <Typography.Text type="secondary" data-testid="discussion-total">
                      {t('discussion.totalFound', { total: list.data.total })}
                    </Typography.Text>
                  ) : null}
                  {filtered ? (
                    <Button type="link" onClick={() => clear()} style={{ paddingInline: 0 }}>
                      {t('exp.clearFilters')}
                    </Button>
                  ) : null}
                </Space>
              </Flex>
            </div>
            {list.isPending ? (
              <PageLoading />
            ) : list.isError ? (
              <div style={{ padding: '0 16px' }}>
                <ErrorState error={list.error} onRetry={() => list.refetch()} />
              </div>
            ) : list.data.items.length === 0 ? (
              <Empty
                className="mj-feed-empty"
                description={
                  <Space orientation="vertical" size={2}>
                    <Typography.Text strong>{t('discussion.emptyTitle')}</Typography.Text>
                    <Typography.Text type="secondary">
                      {filtered ? t('exp.emptyFiltered') : t('discussion.emptyDesc')}
                    </Typography.Text>
                  </Space>
                }
                data-testid="discussions-empty"
              >
                <Link to="/discussions/new">
                  <Button type="primary" icon={<PlusOutlined />}>
                    {t('discussion.new')}
                  </Button>
                </Link>
              </Empty>
            ) : (
              <div className={list.isPlaceholderData ? 'mj-post-list mj-stale' : 'mj-post-list'} data-testid="discussion-list">
                {list.data.items.map((item) => (
                  <DiscussionCard key={item.id} item={item} onTag={(tag) => update({ tag })} />
                ))}
              </div>
            )}
            {list.data && list.data.total > PER_PAGE ? (
              <Flex justify="center" className="mj-pagination">
                <Pagination
                  current={page}
                  pageSize={PER_PAGE}
                  total={list.data.total}
                  showSizeChanger={false}
                  size={narrow ? 'small' : undefined}
                  onChange={(p) => {
                    update({ page: p });
                    window.scrollTo({ top: 0 });
                  }}
                />
              </Flex>
            ) : null}
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 7, order: 2 }}>
          <TagCloud selected={values.tag} onSelect={(tag) => update({ tag })} />
        </Col>
      </Row>
    </div>
  );
}
