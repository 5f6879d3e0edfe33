/** A paged list of 面经 or discussions (my posts, favorites) with per-item actions and an empty state. */
import { useEffect, useState, type ReactNode } from 'react';
import { Empty, Flex, Pagination } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PostKind } from '../../api/endpoints';
import type { DiscussionItem, ExperienceItem, Page } from '../../api/types';
import { ErrorState, PageLoading } from '../States';
import DiscussionCard from './DiscussionCard';
import ExperienceCard from './ExperienceCard';

const PER_PAGE = 20;

type Item<K extends PostKind> = K extends 'experiences' ? ExperienceItem : DiscussionItem;

interface Props<K extends PostKind> {
  kind: K;
  queryKey: readonly unknown[];
  fetch: (page: number, perPage: number) => Promise<Page<Item<K>>>;
  actions: (item: Item<K>) => ReactNode;
  empty: ReactNode;
  showFavoritedAt?: boolean;
  testId: string;
}

export default function PagedPosts<K extends PostKind>({ kind, queryKey, fetch, actions, empty, showFavoritedAt, testId }: Props<K>) {
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...queryKey, page],
    queryFn: () => fetch(page, PER_PAGE),
    placeholderData: keepPreviousData,
  });
  const emptyPage = !!list.data && list.data.items.length === 0 && page > 1;
  useEffect(() => {
    // The last item of a page was removed: step back.
    if (emptyPage) setPage((p) => Math.max(1, p - 1));
  }, [emptyPage]);
  if (list.isPending || emptyPage) return <PageLoading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const { items, total } = list.data;
  if (items.length === 0) return <Empty className="mj-feed-empty" description={empty} data-testid={`${testId}-empty`} />;
  return (
    <div data-testid={testId}>
      <div className="mj-post-list">
        {items.map((item) =>
          kind === 'experiences' ? (
            <ExperienceCard key={item.id} item={item as ExperienceItem} actions={actions(item)} showFavoritedAt={showFavoritedAt} />
          ) : (
            <DiscussionCard key={item.id} item={item as DiscussionItem} actions={actions(item)} showFavoritedAt={showFavoritedAt} />
          ),
        )}
      </div>
      {total > PER_PAGE ? (
        <Flex justify="center" className="mj-pagination">
          <Pagination current={page} pageSize={PER_PAGE} total={total} showSizeChanger={false} onChange={setPage} />
        </Flex>
      ) : null}
    </div>
  );
}
