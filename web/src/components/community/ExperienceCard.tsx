/** One 面经 in a feed: title, company · position, result/difficulty tags, stars, excerpt, counts, author, time. */
import type { ReactNode } from 'react';
import { Flex, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ExperienceItem } from '../../api/types';
import { formatDateTime, formatRelative } from '../format';
import AuthorInfo from './AuthorInfo';
import { DifficultyTag, EvaluationStars, ResultTag } from './labels';
import PostStats from './PostStats';
import SourceBadge from './SourceBadge';
import { useCareerLabel } from './keys';

interface Props {
  item: ExperienceItem;
  /** Buttons on the right of the footer (edit, delete, unfavorite). */
  actions?: ReactNode;
  /** Show "收藏于 …" instead of the publication time. */
  showFavoritedAt?: boolean;
}

export default function ExperienceCard({ item, actions, showFavoritedAt }: Props) {
  const { t } = useTranslation();
  const careerLabel = useCareerLabel();
  const time = showFavoritedAt && item.favorited_at ? item.favorited_at : item.created_at;
  return (
    <article className="mj-post" data-testid="experience-card" data-id={item.id}>
      <Link to={`/experiences/${item.id}`} className="mj-post-title" data-testid="experience-title">
        {item.title}
      </Link>
      <Flex wrap gap={6} align="center" className="mj-post-meta">
        <Typography.Text strong className="mj-post-company" data-testid="experience-company">
          {item.company_id ? (
            <Link to={`/companies/${item.company_id}`} data-testid="experience-company-link">
              {item.company}
            </Link>
          ) : (
            item.company
          )}
          {item.position ? <span className="mj-post-position"> · {item.position}</span> : null}
        </Typography.Text>
        <ResultTag value={item.interview_result} />
        <DifficultyTag value={item.interview_difficulty} />
        <EvaluationStars value={item.interview_evaluation} size={12} />
        {item.career_name ? <Tag variant="filled">{careerLabel(item.career_name)}</Tag> : null}
      </Flex>
      {item.excerpt ? (
        <Typography.Paragraph className="mj-post-excerpt" ellipsis={{ rows: 2 }} data-testid="experience-excerpt">
          {item.excerpt}
        </Typography.Paragraph>
      ) : null}
      <Flex wrap gap={8} align="center" justify="space-between" className="mj-post-footer">
        <Space size={12} wrap className="mj-post-footer-left">
          <AuthorInfo author={item.author} anonymous={item.anonymous} size={20} />
          <Typography.Text type="secondary" title={formatDateTime(time)}>
            {showFavoritedAt && item.favorited_at
              ? t('favorites.favoritedAt', { time: formatRelative(time) })
              : formatRelative(time)}
          </Typography.Text>
          {item.question_count > 0 ? (
            <Tag color="cyan" variant="filled" style={{ marginInlineEnd: 0 }} data-testid="question-count">
              {t('exp.questionCount', { count: item.question_count })}
            </Tag>
          ) : null}
          <SourceBadge source={item.source} license={item.license} />
        </Space>
        <Space size={12} wrap>
          <PostStats views={item.view_count} favorites={item.favorites} comments={item.comments} helpful={item.helpful} />
          {actions}
        </Space>
      </Flex>
    </article>
  );
}
