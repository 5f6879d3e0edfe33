/** Tags, difficulty, career, companies and source · license of a bank question. */
import { Flex, Tag, Tooltip } from 'antd';
import { BankOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { QuestionItem } from '../../api/types';
import { DifficultyTag } from '../community/labels';
import SourceBadge from '../community/SourceBadge';
import { useCareerLabel } from '../community/keys';

interface Props {
  q: QuestionItem;
  /** Clicking a tag filters the bank by it (otherwise tags link to the bank filtered by it). */
  onTag?: (tag: string) => void;
  /** Companies to show before "…" (the full list is in a tooltip). */
  maxCompanies?: number;
  /** The page states the source in full elsewhere. */
  hideSource?: boolean;
}

export function CompanyTags({ companies, max = 3 }: { companies: string[]; max?: number }) {
  const { t } = useTranslation();
  if (!companies.length) return null;
  const shown = companies.slice(0, max);
  const rest = companies.length - shown.length;
  return (
    <Tooltip title={t('question.askedBy', { companies: companies.join(t('common.listSep')) })}>
      <Tag icon={<BankOutlined />} color="geekblue" variant="filled" className="mj-q-companies" data-testid="question-companies">
        {shown.join(t('common.listSep'))}
        {rest > 0 ? ` ${t('question.moreCompanies', { count: rest })}` : ''}
      </Tag>
    </Tooltip>
  );
}

export default function QuestionMeta({ q, onTag, maxCompanies = 3, hideSource }: Props) {
  const { t } = useTranslation();
  const careerLabel = useCareerLabel();
  return (
    <Flex wrap gap={6} align="center" className="mj-q-meta">
      {q.career_name ? <Tag variant="filled">{careerLabel(q.career_name)}</Tag> : null}
      <DifficultyTag value={q.difficulty} />
      {q.lang === 'en' ? <Tag variant="outlined">{t('question.langs.en')}</Tag> : null}
      {q.tags.map((tag) =>
        onTag ? (
          <Tag key={tag} color="green" className="mj-q-tag" onClick={() => onTag(tag)} data-testid="question-tag">
            #{tag}
          </Tag>
        ) : (
          <Link key={tag} to={`/questions?tag=${encodeURIComponent(tag)}`}>
            <Tag color="green" className="mj-q-tag" data-testid="question-tag">
              #{tag}
            </Tag>
          </Link>
        ),
      )}
      <CompanyTags companies={q.companies} max={maxCompanies} />
      {q.source && q.source !== 'mianjing' && !hideSource ? <SourceBadge source={q.source} license={q.license} /> : null}
      {q.source === 'mianjing' ? <Tag variant="filled" color="cyan">{t('question.fromExperiences')}</Tag> : null}
    </Flex>
  );
}
