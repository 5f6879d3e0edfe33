/**
 * A post's or comment's author: avatar and name linking to the public profile, or 匿名用户 /
 * 已注销用户. `op` marks a comment by the post's author (楼主); with no `author` it is the hidden
 * author of an anonymous post: no avatar, no link, no id.
 */
import { Avatar, Space, Tag, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Author } from '../../api/types';
import { UserAvatar } from '../../layout/UserArea';

export function useAuthorName() {
  const { t } = useTranslation();
  return (author: Author | null | undefined): string => {
    if (!author) return t('community.anonymous');
    if (author.deleted) return t('community.deletedUser');
    return author.name || t('community.userFallback', { id: author.id });
  };
}

interface Props {
  author: Author | null | undefined;
  /** The post is anonymous but the viewer may see who wrote it (the author, admins). */
  anonymous?: boolean;
  size?: number;
  /** Secondary text after the name (time, …). */
  extra?: React.ReactNode;
  strong?: boolean;
  /** Written by the author of the post it is on (楼主 / OP). */
  op?: boolean;
}

export default function AuthorInfo({ author, anonymous = false, size = 24, extra, strong = false, op = false }: Props) {
  const { t } = useTranslation();
  const nameOf = useAuthorName();
  const name = nameOf(author);
  const avatar =
    author && !author.deleted ? (
      <UserAvatar src={author.avatar} name={name} size={size} />
    ) : (
      <Avatar size={size} icon={<UserOutlined />} style={{ flex: 'none', background: '#bfbfbf' }} />
    );
  const label =
    author && !author.deleted ? (
      <Link to={`/users/${author.id}`} className="mj-author-name" data-testid="author-name">
        {strong ? <strong>{name}</strong> : name}
      </Link>
    ) : (
      <Typography.Text type="secondary" className="mj-author-name" data-testid="author-name">
        {name}
      </Typography.Text>
    );
  return (
    <Space size={6} align="center" wrap={false} className="mj-author">
      {avatar}
      {label}
      {op ? (
        <Tag color="gold" variant="filled" style={{ marginInlineEnd: 0 }} title={author ? undefined : t('privacy.opHint')} data-testid="op-badge">
          {t('privacy.op')}
        </Tag>
      ) : null}
      {anonymous && author ? (
        <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
          {t('community.anonymousPosted')}
        </Tag>
      ) : null}
      {extra ? <Typography.Text type="secondary">{extra}</Typography.Text> : null}
    </Space>
  );
}
