/** Labels and small helpers of the application tracker shared by its page, the home reminders and the 面经 form. */
import type { TFunction } from 'i18next';
import { APPLICATION_CHANNELS, APPLICATION_STAGES, oneOf } from '../../api/types';

/** 投递 / 笔试 / 一面 … in the UI language; an unknown code as it is. */
export function stageLabel(t: TFunction, stage: string): string {
  const s = oneOf(APPLICATION_STAGES, stage);
  return s ? t(`applications.stages.${s}`) : stage;
}

/** 内推 / 官网 / … in the UI language; an unknown code as it is. */
export function channelLabel(t: TFunction, channel: string): string {
  const c = oneOf(APPLICATION_CHANNELS, channel);
  return c ? t(`applications.channels.${c}`) : channel;
}

/** Tag colour of a stage: green for an offer, red when rejected, blue while interviewing. */
export function stageColor(stage: string): string {
  if (stage === 'offer') return 'green';
  if (stage === 'rejected') return 'red';
  if (stage === 'applied') return 'default';
  if (stage === 'written_test') return 'gold';
  return 'blue';
}

/** Query keys of the tracker (TanStack Query). */
export const applicationKeys = {
  all: ['applications'] as const,
  list: ['applications', 'list'] as const,
  one: (id: number | string) => ['applications', 'one', String(id)] as const,
  upcoming: ['applications', 'upcoming'] as const,
};
