import dayjs from 'dayjs';

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
