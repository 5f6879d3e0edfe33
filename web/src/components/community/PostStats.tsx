/** "👁 12  ☆ 3  💬 5" line under a post, with "👍 4" (有帮助) when given. */
import { Space, Tooltip } from 'antd';
import { EyeOutlined, LikeOutlined, MessageOutlined, StarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export default function PostStats({ views, favorites, comments, helpful }: { views: number; favorites: number; comments: number; helpful?: number }) {
  const { t } = useTranslation();
  return (
    <Space size={14} className="mj-stats" data-testid="post-stats">
      <Tooltip title={t('community.viewsLabel')}>
        <span data-testid="stat-views">
          <EyeOutlined /> {views}
        </span>
      </Tooltip>
      {helpful === undefined ? null : (
        <Tooltip title={t('communityBasics.helpfulCount', { count: helpful })}>
          <span data-testid="stat-helpful">
            <LikeOutlined /> {helpful}
          </span>
        </Tooltip>
      )}
      <Tooltip title={t('community.favoritesLabel')}>
        <span data-testid="stat-favorites">
          <StarOutlined /> {favorites}
        </span>
      </Tooltip>
      <Tooltip title={t('community.commentsLabel')}>
        <span data-testid="stat-comments">
          <MessageOutlined /> {comments}
        </span>
      </Tooltip>
    </Space>
  );
}
