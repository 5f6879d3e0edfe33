/** Shared wording and colours of the mock-interview area: titles, status, scores. */
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { INTERVIEW_ROUNDS, careerLabel, oneOf, type Career, type InterviewSummary } from '../../api/types';

/** 专项练习 · 后端 / 整场模拟 · 二面（技术深度）· 字节跳动 */
export function interviewTitle(
  t: TFunction,
  iv: Pick<InterviewSummary, 'kind' | 'round' | 'career_id' | 'tag' | 'company'>,
  careers: Career[] | undefined,
): string {
  const found = iv.career_id ? careers?.find((c) => c.id === iv.career_id) : undefined;
  const career = found ? careerLabel(found) : undefined;
  const parts: string[] = [];
  if (iv.kind === 'full') {
    parts.push(t('mock.kinds.full'));
    const round = oneOf(INTERVIEW_ROUNDS, iv.round);
    if (round) parts.push(t(`mock.rounds.${round}`));
  } else if (iv.kind === 'record') {
    parts.push(t('mock.kinds.record'));
  } else {
    parts.push(t('mock.kinds.topic'));
  }
  if (iv.tag) parts.push(iv.tag);
  else if (career) parts.push(career);
  if (iv.company) parts.push(iv.company);
  return parts.join(' · ');
}

/** Green from 80, blue from 60, orange from 40, red below. */
export function scoreColor(score: number): string {
  if (score >= 80) return '#0e9f6e';
  if (score >= 60) return '#1677ff';
  if (score >= 40) return '#fa8c16';
  return '#cf1322';
}

export function ScoreTag({ score, testId = 'score-tag' }: { score: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={scoreColor(score)} style={{ marginInlineEnd: 0, fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
      {t('report.points', { score })}
    </Tag>
  );
}

/** `finished`, else in progress (the server's statuses are these two). */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const finished = status === 'finished';
  return (
    <Tag color={finished ? 'success' : 'processing'} style={{ marginInlineEnd: 0 }} data-testid="interview-status">
      {finished ? t('mock.status.finished') : t('mock.status.in_progress')}
    </Tag>
  );
}

/** `mm:ss`, or `h:mm:ss` past an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}
