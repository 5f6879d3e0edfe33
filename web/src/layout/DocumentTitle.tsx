/**
 * Every page's document title (issue 19: tabs, bookmarks and shared links name the page):
 * `<page> · 面经 mianjing`. `DocumentTitle` (in the layout) sets the title of the route from
 * `ROUTE_TITLES`; a page whose title is its content (a 面经, a discussion, a user) refines it
 * with `usePageTitle` once the content is loaded. The layout's title is set in a layout effect,
 * which React runs before every page's passive effect of the same commit, so a page's own title
 * always wins. A route not listed shows the brand alone (the not-found page names itself): add
 * new routes here.
 */
import { useEffect, useLayoutEffect } from 'react';
import { matchPath, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ParseKeys } from 'i18next';

type TitleKey = Extract<ParseKeys, `communityBasics.titles.${string}`>;

/** Route patterns (as in App.tsx) and their title keys; the first match wins. */
export const ROUTE_TITLES: [string, TitleKey][] = [
  ['/', 'communityBasics.titles.home'],
  ['/login', 'communityBasics.titles.login'],
  ['/signup', 'communityBasics.titles.signup'],
  ['/forgot-password', 'communityBasics.titles.forgotPassword'],
  ['/init', 'communityBasics.titles.init'],
  ['/profile', 'communityBasics.titles.profile'],
  ['/users/:id', 'communityBasics.titles.publicProfile'],
  ['/admin/users', 'communityBasics.titles.adminUsers'],
  ['/experiences/new', 'communityBasics.titles.newExperience'],
  ['/experiences/:id', 'communityBasics.titles.experience'],
  ['/experiences/:id/edit', 'communityBasics.titles.editExperience'],
  ['/discussions', 'communityBasics.titles.discussions'],
  ['/discussions/new', 'communityBasics.titles.newDiscussion'],
  ['/discussions/:id', 'communityBasics.titles.discussion'],
  ['/discussions/:id/edit', 'communityBasics.titles.editDiscussion'],
  ['/questions', 'communityBasics.titles.questions'],
  ['/questions/recommend', 'communityBasics.titles.recommend'],
  ['/questions/:id', 'communityBasics.titles.question'],
  ['/mock-interviews', 'communityBasics.titles.mockInterviews'],
  ['/mock-interviews/:id', 'communityBasics.titles.mockInterview'],
  ['/mistakes', 'communityBasics.titles.mistakes'],
  ['/ability', 'communityBasics.titles.ability'],
  ['/resume', 'communityBasics.titles.resume'],
  ['/favorites', 'communityBasics.titles.favorites'],
  ['/my-posts', 'communityBasics.titles.myPosts'],
  ['/feedback', 'communityBasics.titles.feedback'],
  ['/companies', 'communityBasics.titles.companies'],
  ['/companies/:id', 'communityBasics.titles.company'],
  ['/applications', 'communityBasics.titles.applications'],
  ['/notifications', 'communityBasics.titles.notifications'],
  ['/admin/companies', 'communityBasics.titles.adminCompanies'],
  ['/admin/catalog', 'communityBasics.titles.adminCatalog'],
  ['/admin/questions', 'communityBasics.titles.adminQuestions'],
  ['/admin/stats', 'communityBasics.titles.adminStats'],
  ['/admin/reports', 'communityBasics.titles.adminReports'],
  ['/admin/pages', 'communityBasics.titles.adminPages'],
  ['/terms', 'communityBasics.titles.terms'],
  ['/privacy', 'communityBasics.titles.privacy'],
];

/** `page · brand`, or the brand alone. */
function compose(brand: string, page?: string | null): string {
  return page ? `${page} · ${brand}` : brand;
}

/** Sets the title of the current route; renders nothing. */
export default function DocumentTitle() {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  useLayoutEffect(() => {
    const hit = ROUTE_TITLES.find(([pattern]) => matchPath(pattern, pathname));
    document.title = compose(t('app.brand'), hit ? t(hit[1]) : undefined);
  }, [pathname, t, i18n.language]);
  return null;
}

/** The page's own title (a post's title, a user's name), once known; `undefined` keeps the route's. */
export function usePageTitle(title: string | null | undefined) {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  useEffect(() => {
    if (title) document.title = compose(t('app.brand'), title);
  }, [title, pathname, t, i18n.language]);
}
