/** One discussion in a list: title, tags, excerpt, author, time and counts. */
import type { ReactNode } from 'react';
import { Flex, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DiscussionItem } from '../../api/types';
import { formatDateTime, formatRelative } from '../format';
import AuthorInfo from './AuthorInfo';
import PostStats from './PostStats';

interface Props {
  item: DiscussionItem;
  actions?: ReactNode;
  showFavoritedAt?: boolean;
  /** Clicking a tag filters the list by it. */
  onTag?: (tag: string) => void;
}

export default function DiscussionCard({ item, actions, showFavoritedAt, onTag }: Props) {
  const { t } = useTranslation();
  const time = showFavoritedAt && item.favorited_at ? item.favorited_at : item.created_at;
  return (
    <article className="mj-post" data-testid="discussion-card" data-id={item.id}>
      <Link to={`/discussions/${item.id}`} className="mj-post-title" data-testid="discussion-title">
        {item.title}
      </Link>
      {item.tags.length ? (
        <Flex wrap gap={4} className="mj-post-meta">
          {item.tags.map((tag) => (
            <Tag
              key={tag}
              color="green"
              variant="filled"
              style={{ cursor: onTag ? 'pointer' : undefined, marginInlineEnd: 0 }}
              onClick={onTag ? () => onTag(tag) : undefined}
              data-testid="discussion-tag"
            >
              # {tag}
            </Tag>
          ))}
        </Flex>
      ) : null}
      {item.excerpt ? (
        <Typography.Paragraph className="mj-post-excerpt" ellipsis={{ rows: 2 }}>
          {item.excerpt}
        </Typography.Paragraph>
      ) : null}
      <Flex wrap gap={8} align="center" justify="space-between" className="mj-post-footer">
        <Space size={12} wrap>
          <AuthorInfo author={item.author} size={20} />
          <Typography.Text type="secondary" title={formatDateTime(time)}>
            {showFavoritedAt && item.favorited_at
              ? t('favorites.favoritedAt', { time: formatRelative(time) })
              : formatRelative(time)}
          </Typography.Text>
        </Space>
        <Space size={12} wrap>
          <PostStats views={item.view_count} favorites={item.favorites} comments={item.comments} />
          {actions}
        </Space>
      </Flex>
    </article>
  );
}
