/**
 * Client-side checks and error texts for `POST /api/files`. The server decides from the content
 * (a text file named .pdf is 415) and enforces the size per purpose (413); these checks only
 * save a useless upload and say the rule up front.
 */
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const RESUME_TYPES = ['application/pdf'];
export const RESUME_MAX_BYTES = 10 * 1024 * 1024;

/** `1.5 MB`, `320 KB`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** What is wrong with `file` for an upload of `kind`, or null when it may be sent. */
export function checkFile(t: TFunction, file: File, kind: 'avatar' | 'resume'): string | null {
  const types = kind === 'avatar' ? AVATAR_TYPES : RESUME_TYPES;
  const max = kind === 'avatar' ? AVATAR_MAX_BYTES : RESUME_MAX_BYTES;
  const byName = kind === 'resume' && /\.pdf$/i.test(file.name);
  if (!types.includes(file.type) && !byName) return t(`upload.${kind}Type`);
  if (file.size > max) return t(`upload.${kind}Size`, { size: formatBytes(file.size) });
  return null;
}

/** The server's refusal, with the rule for 413/415 so the user knows what to send instead. */
export function uploadErrorText(t: TFunction, e: unknown, kind: 'avatar' | 'resume'): string {
  if (!isApiError(e)) return t('errors.unknown');
  if (e.status === 413) return `${e.message} ${t(`upload.${kind}Rule`)}`;
  if (e.status === 415) return `${e.message} ${t(`upload.${kind}Rule`)}`;
  return e.message;
}
