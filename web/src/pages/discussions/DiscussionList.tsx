/** `/discussions`: discussions filtered by a tag from the tag cloud, searched and sorted; state in the URL. */
import { Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { discussionApi } from '../../api/endpoints';
import { oneOf, type DiscussionQuery } from '../../api/types';
import FilterBar from '../../components/FilterBar';
import PagedList, { ListEmpty, usePagedQuery } from '../../components/PagedList';
import DiscussionCard from '../../components/community/DiscussionCard';
import { keys } from '../../components/community/keys';
import { useUrlState } from '../../components/community/useUrlState';
import { ErrorState, PageLoading } from '../../components/States';
import PageHead from '../../components/PageHead';

const PER_PAGE = 20;
const SORTS = ['latest', 'popular'] as const;

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
  const url = useUrlState(['tag', 'q', 'sort'] as const);
  const { values, update, clear } = url;
  const sort = oneOf(SORTS, values.sort);
  const query: DiscussionQuery = { tag: values.tag || undefined, q: values.q || undefined, sort };
  const list = usePagedQuery(
    [...keys.discussionLists, 'list', query],
    (page, per_page, signal) => discussionApi.list({ ...query, page, per_page }, signal),
    PER_PAGE,
    url,
  );
  const filtered = !!values.tag || !!values.q;

  return (
    <div data-testid="discussions">
      <PageHead
        title={t('discussion.title')}
        subtitle={t('discussion.subtitle')}
        extra={
          <Link to="/discussions/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-discussion">
              {t('discussion.new')}
            </Button>
          </Link>
        }
      />
      <Row gutter={[20, 16]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 17, order: 1 }}>
          <Card styles={{ body: { padding: 0 } }}>
            <FilterBar
              testId="discussion"
              search={{ value: values.q, onSearch: (q) => update({ q }), placeholder: t('discussion.searchPlaceholder') }}
              sort={{ options: SORTS, value: sort, onChange: (s) => update({ sort: s }) }}
              extra={
                values.tag ? (
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
                ) : null
              }
              total={list.query.data?.total}
              totalLabel={(total) => t('discussion.totalFound', { total })}
              filtered={filtered}
              onClear={() => clear()}
            />
            <PagedList
              list={list}
              testId="discussion-list"
              empty={
                <ListEmpty
                  title={t('discussion.emptyTitle')}
                  description={filtered ? t('exp.emptyFiltered') : t('discussion.emptyDesc')}
                  testId="discussions-empty"
                >
                  <Link to="/discussions/new">
                    <Button type="primary" icon={<PlusOutlined />}>
                      {t('discussion.new')}
                    </Button>
                  </Link>
                </ListEmpty>
              }
            >
              {(item) => <DiscussionCard key={item.id} item={item} onTag={(tag) => update({ tag })} />}
            </PagedList>
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 7, order: 2 }}>
          <TagCloud selected={values.tag} onSelect={(tag) => update({ tag })} />
        </Col>
      </Row>
    </div>
  );
}
