/**
 * The reference answer of a question, loaded on demand: list items only say whether there is one
 * (`has_answer`), the text comes with the detail (`GET /api/questions/{id}`), cached per question.
 */
import { Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { questionApi } from '../../api/endpoints';
import Markdown from '../community/Markdown';
import { ErrorState } from '../States';
import { pkeys } from './keys';

export function AnswerBox({ answer }: { answer?: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="mj-answer" data-testid="reference-answer">
      <div className="mj-answer-label">{t('question.referenceAnswer')}</div>
      {answer ? <Markdown>{answer}</Markdown> : <Typography.Text type="secondary">{t('question.noAnswer')}</Typography.Text>}
    </div>
  );
}

export default function ReferenceAnswer({ id }: { id: number }) {
  const q = useQuery({ queryKey: pkeys.question(id), queryFn: () => questionApi.get(id), staleTime: 5 * 60_000 });
  if (q.isPending) return <Skeleton active title={false} paragraph={{ rows: 3 }} className="mj-answer" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return <AnswerBox answer={q.data.answer} />;
}
