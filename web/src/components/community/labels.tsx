/** Translated tags for the stable enumeration codes of the API (SPEC §2). */
import { Rate, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  FEEDBACK_STATUSES,
  INTERVIEW_DIFFICULTIES,
  INTERVIEW_RESULTS,
  oneOf,
  type FeedbackStatus,
  type InterviewDifficulty,
  type InterviewResult,
} from '../../api/types';

const RESULT_COLOR: Record<InterviewResult, string> = { offer: 'success', rejected: 'error', pending: 'processing' };
const DIFFICULTY_COLOR: Record<InterviewDifficulty, string> = { easy: 'green', medium: 'orange', hard: 'red' };
const STATUS_COLOR: Record<FeedbackStatus, string> = {
  open: 'default',
  in_progress: 'processing',
  resolved: 'success',
  closed: 'default',
};

export function ResultTag({ value: code }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  const value = oneOf(INTERVIEW_RESULTS, code);
  if (!value) return null;
  return (
    <Tag color={RESULT_COLOR[value]} data-testid="result-tag">
      {t(`result.${value}`)}
    </Tag>
  );
}

export function DifficultyTag({ value: code }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  const value = oneOf(INTERVIEW_DIFFICULTIES, code);
  if (!value) return null;
  return (
    <Tag color={DIFFICULTY_COLOR[value]} variant="outlined" data-testid="difficulty-tag">
      {t(`difficulty.${value}`)}
    </Tag>
  );
}

export function FeedbackStatusTag({ value: code }: { value: string }) {
  const { t } = useTranslation();
  const value = oneOf(FEEDBACK_STATUSES, code);
  return (
    <Tag color={value ? STATUS_COLOR[value] : 'default'} data-testid="feedback-status">
      {value ? t(`feedback.statuses.${value}`) : code}
    </Tag>
  );
}

/** Read-only stars for an evaluation 1–5 with the word for it on hover. */
export function EvaluationStars({ value, size = 14 }: { value: number | null | undefined; size?: number }) {
  const { t } = useTranslation();
  if (!value) return null;
  const n = Math.min(5, Math.max(1, Math.round(value)));
  return (
    <Tooltip title={t('exp.evaluationTip', { word: starWord(t, n) })}>
      <span data-testid="evaluation" style={{ display: 'inline-flex', alignItems: 'center' }}>
        <Rate disabled value={n} style={{ fontSize: size }} />
      </span>
    </Tooltip>
  );
}

export function starWord(t: (k: `exp.stars.s${1 | 2 | 3 | 4 | 5}`) => string, n: number): string {
  const i = Math.min(5, Math.max(1, Math.round(n))) as 1 | 2 | 3 | 4 | 5;
  return t(`exp.stars.s${i}`);
}
