/** A paged list of 面经 or discussions (my posts, favorites) with per-item actions and an empty state. */
import type { ReactNode } from 'react';
import type { PostKind } from '../../api/endpoints';
import type { DiscussionItem, ExperienceItem, Page } from '../../api/types';
import PagedList, { ListEmpty, usePagedQuery } from '../PagedList';
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
  const list = usePagedQuery(queryKey, fetch, PER_PAGE);
  return (
    <PagedList
      list={list}
      testId={testId}
      empty={<ListEmpty description={empty} testId={`${testId}-empty`} />}
    >
      {(item) =>
        kind === 'experiences' ? (
          <ExperienceCard key={item.id} item={item as ExperienceItem} actions={actions(item)} showFavoritedAt={showFavoritedAt} />
        ) : (
          <DiscussionCard key={item.id} item={item as DiscussionItem} actions={actions(item)} showFavoritedAt={showFavoritedAt} />
        )
      }
    </PagedList>
  );
}
