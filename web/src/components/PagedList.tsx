/**
 * The body of every paged list (面经 feed, 题库, discussions, my posts, favorites, 错题本, 留言板,
 * interview history): loading, error, empty or the items, then the pager. `usePagedQuery` fetches
 * the page and keeps its number, in the URL for filtered lists or in the component otherwise.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Empty, Flex, Grid, Pagination, Space, Typography } from 'antd';
import { keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import type { Page } from '../api/types';
import { ErrorState, PageLoading } from './States';

export interface PagedQuery<T> {
  query: UseQueryResult<Page<T>>;
  page: number;
  perPage: number;
  setPage: (page: number) => void;
  /** The shown page was emptied (its last item removed): the last page is on its way. */
  steppingBack: boolean;
}

/**
 * One page of a paged API list; while another page loads the last one stays shown (dimmed).
 * `url` (from `useUrlState`) keeps the page number in the query string; without it the number is
 * the component's, and a page emptied by a removal (delete, 取消收藏) steps back to the last page.
 * (A URL page past the end just shows the empty state: stepping back there would make Back bounce.)
 */
export function usePagedQuery<T>(
  queryKey: QueryKey,
  fetch: (page: number, perPage: number, signal: AbortSignal) => Promise<Page<T>>,
  perPage: number,
  url?: { page: number; update: (patch: { page: number }) => void },
): PagedQuery<T> {
  const [ownPage, setOwnPage] = useState(1);
  const page = url ? url.page : ownPage;
  const query = useQuery({
    queryKey: [...queryKey, page],
    queryFn: ({ signal }) => fetch(page, perPage, signal),
    placeholderData: keepPreviousData,
  });
  const steppingBack = !url && query.data?.items.length === 0 && page > 1;
  // Judged on the fresh answer only: the kept previous page is empty too while the next one loads.
  const stepBack = steppingBack && !query.isPlaceholderData;
  const last = Math.max(1, Math.ceil((query.data?.total ?? 0) / perPage));
  useEffect(() => {
    if (stepBack) setOwnPage(Math.min(page - 1, last));
  }, [stepBack, page, last]);
  return { query, page, perPage, setPage: url ? (p) => url.update({ page: p }) : setOwnPage, steppingBack };
}

interface Props<T> {
  list: PagedQuery<T>;
  /** One item; give it a `key`. */
  children: (item: T, index: number) => ReactNode;
  /** Shown instead of the items when there are none: usually a `ListEmpty`. */
  empty: ReactNode;
  /** On the element holding the items. */
  testId: string;
  className?: string;
}

export default function PagedList<T>({ list, children, empty, testId, className = 'mj-post-list' }: Props<T>) {
  const { query, page, perPage, setPage, steppingBack } = list;
  const narrow = Grid.useBreakpoint().md === false;
  const top = useRef<HTMLDivElement>(null);

  let body;
  if (query.isPending || steppingBack) body = <PageLoading />;
  else if (query.isError)
    body = (
      <div className="mj-list-error">
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      </div>
    );
  else if (query.data.items.length === 0) body = empty;
  else
    body = (
      <div className={query.isPlaceholderData ? `${className} mj-stale` : className} data-testid={testId}>
        {query.data.items.map(children)}
      </div>
    );

  return (
    <>
      <div ref={top} className="mj-scroll-target" />
      {body}
      {query.data && query.data.total > perPage ? (
        <Flex justify="center" className="mj-pagination">
          <Pagination
            current={page}
            pageSize={perPage}
            total={query.data.total}
            showSizeChanger={false}
            size={narrow ? 'small' : undefined}
            onChange={(p) => {
              setPage(p);
              // The new page starts at the top of the list, not where the pager was.
              if ((top.current?.getBoundingClientRect().top ?? 0) < 0) top.current?.scrollIntoView();
            }}
            // `feed-list` → `feed-pagination`, `fav-questions` → `fav-questions-pagination`.
            data-testid={`${testId.replace(/-list$/, '')}-pagination`}
          />
        </Flex>
      ) : null}
    </>
  );
}

/** A list with nothing to show: a bold title over a muted line (or the line alone), and an action. */
export function ListEmpty(props: { title?: ReactNode; description: ReactNode; testId: string; children?: ReactNode }) {
  const { title, description, testId, children } = props;
  return (
    <Empty
      className="mj-feed-empty"
      description={
        title ? (
          <Space orientation="vertical" size={2}>
            <Typography.Text strong>{title}</Typography.Text>
            <Typography.Text type="secondary">{description}</Typography.Text>
          </Space>
        ) : (
          description
        )
      }
      data-testid={testId}
    >
      {children}
    </Empty>
  );
}
