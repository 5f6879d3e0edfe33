/**
 * One bank question in a list: the question (sanitised Markdown, long ones clipped), its tags,
 * difficulty, companies and source · license, and the actions — 显示参考答案 (loaded on demand),
 * 收藏, details.
 */
import { useState, type ReactNode } from 'react';
import { Button, Flex, Space, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, RightOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { QuestionItem } from '../../api/types';
import Markdown from '../community/Markdown';
import { formatRelative } from '../format';
import QuestionFavorite from './QuestionFavorite';
import QuestionMeta from './QuestionMeta';
import ReferenceAnswer from './ReferenceAnswer';

/** Questions longer than this are clipped in lists (the median is about 20 characters). */
const CLIP_AT = 360;

interface Props {
  q: QuestionItem;
  /** Position in the list, shown before the question. */
  index?: number;
  onTag?: (tag: string) => void;
  /** Replaces the content (e.g. with highlighted keywords). */
  content?: ReactNode;
  /** Extra row under the meta (e.g. matched keywords). */
  extra?: ReactNode;
  /** Extra actions on the right of the footer. */
  actions?: ReactNode;
  showFavoritedAt?: boolean;
}

export default function QuestionCard({ q, index, onTag, content, extra, actions, showFavoritedAt }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const clipped = !content && q.content.length > CLIP_AT;
  return (
    <article className="mj-q-card" data-testid="question-card" data-id={q.id}>
      <Flex gap={10} align="flex-start">
        {index !== undefined ? <span className="mj-q-num">{index}</span> : null}
        <div className="mj-q-body">
          {/* Not a <Link>: the Markdown may hold links itself. A click on the text opens the
              question unless it hit a link or selected text. */}
          <div
            className={clipped ? 'mj-q-content mj-q-clipped' : 'mj-q-content'}
            onClick={(e) => {
              if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
              void navigate(`/questions/${q.id}`);
            }}
            data-testid="question-content"
          >
            {content ?? <Markdown>{q.content}</Markdown>}
          </div>
          <QuestionMeta q={q} onTag={onTag} />
          {extra}
          {open ? <ReferenceAnswer id={q.id} /> : null}
          <Flex wrap gap={4} align="center" justify="space-between" className="mj-q-footer">
            <Space size={4} wrap>
              <Button
                size="small"
                type={open ? 'default' : 'text'}
                icon={open ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                onClick={() => setOpen((v) => !v)}
                disabled={!q.has_answer}
                aria-expanded={open}
                data-testid="toggle-answer"
              >
                {!q.has_answer ? t('question.noAnswerShort') : open ? t('question.hideAnswer') : t('question.showAnswer')}
              </Button>
              <QuestionFavorite id={q.id} favorited={q.is_favorited} count={q.favorites} compact />
              {showFavoritedAt && q.favorited_at ? (
                <Typography.Text type="secondary" className="mj-q-time">
                  {t('favorites.favoritedAt', { time: formatRelative(q.favorited_at) })}
                </Typography.Text>
              ) : null}
            </Space>
            <Space size={4} wrap>
              {actions}
              <Link to={`/questions/${q.id}`} data-testid="question-open">
                <Button size="small" type="link" style={{ paddingInline: 4 }}>
                  {clipped ? t('question.readAll') : t('question.details')}
                  <RightOutlined />
                </Button>
              </Link>
            </Space>
          </Flex>
        </div>
      </Flex>
    </article>
  );
}
