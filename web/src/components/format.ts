import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

/** Local date of an RFC 3339 timestamp, `YYYY-MM-DD`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : '';
}

/** Local date and time of an RFC 3339 timestamp, `YYYY-MM-DD HH:mm`. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : '';
}

dayjs.extend(relativeTime);

/**
 * "3 分钟前" for the last week (in the UI language, via the dayjs locale set by i18n), the local
 * date after that. Times in the future (clock skew) read as "just now" rather than "in 2 seconds".
 */
export function formatRelative(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  if (!d.isValid()) return '';
  const now = dayjs();
  if (d.isAfter(now)) return now.fromNow();
  if (now.diff(d, 'day') >= 7) return d.format('YYYY-MM-DD');
  return d.fromNow();
}

/** True when a record was changed noticeably after it was created (edits, not the insert itself). */
export function wasEdited(created: string, updated: string): boolean {
  const a = dayjs(created);
  const b = dayjs(updated);
  return a.isValid() && b.isValid() && b.diff(a, 'millisecond') >= 1000;
}
