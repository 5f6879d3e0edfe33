/**
 * i18next set-up. zh-CN is the default; the choice is kept in localStorage (`mj.lang`) and mirrored
 * onto `<html lang>`, dayjs and (via App) antd's ConfigProvider locale.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import 'dayjs/locale/en';
import resourcesToBackend from 'i18next-resources-to-backend';
import zhCN from './locales/zh-CN';

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'mj.lang';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(v)) return v;
  } catch {
    // Storage can be unavailable (privacy mode); fall back to the default.
  }
  return DEFAULT_LANGUAGE;
}

const DAYJS_LOCALE: Record<Language, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

function applySideEffects(lng: string) {
  const lang = isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
  document.documentElement.lang = lang;
  document.title = i18n.t('app.brand', { lng: lang });
  dayjs.locale(DAYJS_LOCALE[lang]);
}

/**
 * zh-CN (the default) is in the main bundle; the other languages are chunks of their own, fetched when
 * first used (a stored choice at start-up, or the language switcher), so the first load does not carry
 * three copies of every string (issue 20, "Fast first load"). Until one arrives, react-i18next suspends.
 */
const loadLanguage = (lng: string) => (lng === 'zh-TW' ? import('./locales/zh-TW') : import('./locales/en'));

void i18n.use(initReactI18next).use(resourcesToBackend((lng: string) => loadLanguage(lng))).init({
  resources: { 'zh-CN': { translation: zhCN } },
  partialBundledLanguages: true,
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});
applySideEffects(i18n.language);

i18n.on('languageChanged', applySideEffects);

/**
 * The reader's choice of language: stored, then applied. Only a choice is stored — not every
 * `languageChanged`: the stored language's chunk arrives asynchronously at start-up, and writing it
 * back then would overwrite a choice made meanwhile (another tab, or a test setting it before a reload).
 */
export function chooseLanguage(lng: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Storage can be unavailable (privacy mode): the choice lasts for this page.
  }
  return i18n.changeLanguage(lng);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

export default i18n;
