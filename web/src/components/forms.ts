/** Validation rules mirroring the server's (SPEC §3 Accounts) and mapping of server field errors. */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

export const ACCOUNT_RE = /^[A-Za-z0-9_]{4,20}$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Mainland mobile numbers, optionally with +86; other international numbers in E.164 form. */
export const PHONE_RE = /^(?:(?:\+?86)?1[3-9]\d{9}|\+[1-9]\d{6,14})$/;
export const CODE_RE = /^\d{6}$/;

/** Password length limits in characters (Unicode code points, as the server counts them). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/** Context words shorter than this are not looked for in passwords. */
export const PASSWORD_CONTEXT_MIN = 4;

/**
 * The server's password policy (`src/features/accounts/password.rs`, ASVS 5.0 V6.2), minus its
 * common-password list, which only the server checks: 8–128 characters with no composition rules,
 * and no context word (account name, an email's local part, a phone number) of 4+ characters
 * inside, ignoring case. Returns what is wrong, or null.
 */
export function passwordProblem(v: string, context: (string | null | undefined)[] = []): 'length' | 'personal' | null {
  const len = [...v].length;
  if (len < PASSWORD_MIN || len > PASSWORD_MAX) return 'length';
  const lower = v.toLowerCase();
  const personal = context
    .map((c) => (c ?? '').trim())
    .map((c) => (c.includes('@') ? c.slice(0, c.indexOf('@')) : c).toLowerCase())
    .some((w) => [...w].length >= PASSWORD_CONTEXT_MIN && lower.includes(w));
  return personal ? 'personal' : null;
}

export function isStrongPassword(v: string, context: (string | null | undefined)[] = []): boolean {
  return passwordProblem(v, context) === null;
}

export function isTarget(v: string): boolean {
  const s = v.trim();
  return EMAIL_RE.test(s) || PHONE_RE.test(s.replace(/[\s-]/g, ''));
}

/** Normalises a phone-or-email input the way the user most likely meant it. */
export function normalizeTarget(v: string): string {
  const s = v.trim();
  return EMAIL_RE.test(s) ? s : s.replace(/[\s-]/g, '');
}

export const rules = {
  required: (t: TFunction, field: string): Rule => ({
    required: true,
    whitespace: true,
    message: t('validation.required', { field }),
  }),
  account: (t: TFunction): Rule => ({ pattern: ACCOUNT_RE, message: t('validation.account') }),
  /**
   * The password policy; `fields` names inputs of the same form whose values are context words,
   * `extra` gives more (e.g. the logged-in user's account name, email and phone).
   */
  password: (t: TFunction, fields: string[] = [], extra: () => (string | null | undefined)[] = () => []): Rule =>
    ({ getFieldValue }) => ({
      validator: (_, v: string | undefined) => {
        if (!v) return Promise.resolve();
        const context = [...fields.map((f) => getFieldValue(f) as string | undefined), ...extra()];
        const problem = passwordProblem(v, context);
        if (problem === null) return Promise.resolve();
        const text =
          problem === 'length'
            ? t('loginProtection.passwordLength', { min: PASSWORD_MIN, max: PASSWORD_MAX })
            : t('loginProtection.passwordPersonal');
        return Promise.reject(new Error(text));
      },
    }),
  email: (t: TFunction): Rule => ({ pattern: EMAIL_RE, message: t('validation.email') }),
  phone: (t: TFunction): Rule => ({
    validator: (_, v: string | undefined) =>
      !v || PHONE_RE.test(v.replace(/[\s-]/g, '')) ? Promise.resolve() : Promise.reject(new Error(t('validation.phone'))),
  }),
  target: (t: TFunction): Rule => ({
    validator: (_, v: string | undefined) =>
      !v || isTarget(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.target'))),
  }),
  code: (t: TFunction): Rule => ({ pattern: CODE_RE, message: t('validation.code') }),
  max: (t: TFunction, max: number): Rule => ({ max, message: t('validation.maxLength', { max }) }),
  url: (t: TFunction): Rule => ({ pattern: /^https?:\/\/\S+$/i, message: t('validation.url') }),
  /** An avatar is a web address or a picture uploaded here (`/api/files/{id}`). */
  avatar: (t: TFunction): Rule => ({ pattern: /^(?:https?:\/\/\S+|\/api\/files\/\d+)$/i, message: t('validation.url') }),
  /** "Confirm password" must equal the field named `other`. */
  sameAs: (t: TFunction, other: string): Rule => ({ getFieldValue }) => ({
    validator: (_, v: string | undefined) =>
      !v || v === getFieldValue(other)
        ? Promise.resolve()
        : Promise.reject(new Error(t('validation.passwordMismatch'))),
  }),
};

/** `interview_questions[2]` or `interview_questions.2` → `['interview_questions', 2]` (antd NamePath). */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts a failed request onto the form: server `fields` reasons go under the matching inputs
 * (`aliases` renames server field names to form field names; `list[2]` / `list.2` reach one item
 * of a Form.List). Returns the text that could not be
 * attached to an input (the server's translated `message`), for the caller to show in an Alert,
 * or null when every reason landed on a field.
 */
export function formError(
  form: FormInstance | null,
  error: unknown,
  fallback: string,
  aliases: Record<string, string> = {},
): string | null {
  if (isApiError(error) && error.fields && form) {
    const registered = new Set(Object.keys(form.getFieldsValue() ?? {}));
    const mapped: { name: (string | number)[]; errors: string[] }[] = [];
    for (const [field, reasons] of Object.entries(error.fields)) {
      const name = fieldPath(aliases[field] ?? field);
      if (registered.has(String(name[0]))) {
        const list = Array.isArray(reasons) ? reasons.map(String) : [String(reasons)];
        mapped.push({ name, errors: list.length ? list : [error.message] });
      }
    }
    if (mapped.length) {
      form.setFields(mapped);
      if (mapped.length === Object.keys(error.fields).length) return null;
    }
  }
  return isApiError(error) ? error.message : fallback;
}

/**
 * State for a form's server error text. The text is in the language of the request that failed,
 * so it is dropped when the UI language changes (no English message left in a Chinese screen).
 */
export function useServerError(): [string | null, (text: string | null) => void] {
  const { i18n } = useTranslation();
  const [state, setState] = useState<{ text: string; lng: string } | null>(null);
  const set = useCallback((text: string | null) => setState(text ? { text, lng: i18n.language } : null), [i18n.language]);
  return [state && state.lng === i18n.language ? state.text : null, set];
}
