/** Providers (antd theme + locale, TanStack Query) and the route table. Pages load lazily. */
import { lazy, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import zhCNLocale from 'antd/locale/zh_CN';
import zhTWLocale from 'antd/locale/zh_TW';
import enUSLocale from 'antd/locale/en_US';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api/client';
import { currentLanguage, type Language } from './i18n';
import AppLayout from './layout/AppLayout';
import { RequireAuth } from './auth/guards';
import { ME_KEY } from './auth/session';

const ExperienceList = lazy(() => import('./pages/experiences/ExperienceList'));
const Login = lazy(() => import('./pages/auth/Login'));
const Signup = lazy(() => import('./pages/auth/Signup'));
const ForgotPassword = lazy(() => import('./pages/auth/ForgotPassword'));
const Init = lazy(() => import('./pages/auth/Init'));
const Profile = lazy(() => import('./pages/Profile'));
const PublicProfile = lazy(() => import('./pages/PublicProfile'));
const AdminUsers = lazy(() => import('./pages/admin/AdminUsers'));
const AdminPages = lazy(() => import('./pages/admin/AdminPages'));
const SitePageView = lazy(() => import('./pages/SitePageView'));
const AdminReports = lazy(() => import('./pages/admin/AdminReports'));
const Notifications = lazy(() => import('./pages/Notifications'));
const AdminCompanies = lazy(() => import('./pages/admin/AdminCompanies'));
const AdminCatalog = lazy(() => import('./pages/admin/AdminCatalog'));
const AdminQuestions = lazy(() => import('./pages/admin/AdminQuestions'));
const AdminStats = lazy(() => import('./pages/admin/AdminStats'));
const CompanyList = lazy(() => import('./pages/companies/CompanyList'));
const CompanyPage = lazy(() => import('./pages/companies/CompanyPage'));
const ExperienceDetail = lazy(() => import('./pages/experiences/ExperienceDetail'));
const ExperienceEdit = lazy(() => import('./pages/experiences/ExperienceEdit'));
const DiscussionList = lazy(() => import('./pages/discussions/DiscussionList'));
const DiscussionDetail = lazy(() => import('./pages/discussions/DiscussionDetail'));
const DiscussionEdit = lazy(() => import('./pages/discussions/DiscussionEdit'));
const MyPosts = lazy(() => import('./pages/MyPosts'));
const Favorites = lazy(() => import('./pages/Favorites'));
const Feedback = lazy(() => import('./pages/Feedback'));
const QuestionBank = lazy(() => import('./pages/questions/QuestionBank'));
const QuestionDetail = lazy(() => import('./pages/questions/QuestionDetail'));
const Recommend = lazy(() => import('./pages/questions/Recommend'));
const ResumePage = lazy(() => import('./pages/Resume'));
const MockInterviews = lazy(() => import('./pages/interviews/MockInterviews'));
const MockInterview = lazy(() => import('./pages/interviews/MockInterview'));
const Mistakes = lazy(() => import('./pages/Mistakes'));
const Ability = lazy(() => import('./pages/Ability'));
const Applications = lazy(() => import('./pages/applications/Applications'));
const NotFound = lazy(() => import('./pages/NotFound'));

const ANTD_LOCALES: Record<Language, Locale> = { 'zh-CN': zhCNLocale, 'zh-TW': zhTWLocale, en: enUSLocale };

/** A 401 anywhere means the session ended (logout elsewhere, disabled, expired): re-check who we are. */
function onApiError(error: unknown) {
  if (isApiError(error) && error.status === 401) void queryClient.invalidateQueries({ queryKey: ME_KEY });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not change on retry; network/5xx get two more tries.
      retry: (failures, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

const authed = (el: ReactNode) => <RequireAuth>{el}</RequireAuth>;

const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <ExperienceList /> },
      { path: 'login', element: <Login /> },
      { path: 'signup', element: <Signup /> },
      { path: 'forgot-password', element: <ForgotPassword /> },
      { path: 'init', element: <Init /> },
      { path: 'profile', element: authed(<Profile />) },
      { path: 'users/:id', element: <PublicProfile /> },
      { path: 'admin/users', element: <RequireAuth admin>{<AdminUsers />}</RequireAuth> },
      { path: 'admin/pages', element: <RequireAuth admin>{<AdminPages />}</RequireAuth> },
      { path: 'terms', element: <SitePageView key="terms" slug="terms" /> },
      { path: 'privacy', element: <SitePageView key="privacy" slug="privacy" /> },
      { path: 'admin/reports', element: <RequireAuth admin>{<AdminReports />}</RequireAuth> },
      { path: 'notifications', element: authed(<Notifications />) },
      { path: 'admin/companies', element: <RequireAuth admin>{<AdminCompanies />}</RequireAuth> },
      { path: 'admin/catalog', element: <RequireAuth admin>{<AdminCatalog />}</RequireAuth> },
      { path: 'admin/questions', element: <RequireAuth admin>{<AdminQuestions />}</RequireAuth> },
      { path: 'admin/stats', element: <RequireAuth admin>{<AdminStats />}</RequireAuth> },
      { path: 'companies', element: <CompanyList /> },
      { path: 'companies/:id', element: <CompanyPage /> },
      { path: 'experiences/new', element: authed(<ExperienceEdit />) },
      { path: 'experiences/:id', element: <ExperienceDetail /> },
      { path: 'experiences/:id/edit', element: authed(<ExperienceEdit />) },
      { path: 'discussions', element: <DiscussionList /> },
      { path: 'discussions/new', element: authed(<DiscussionEdit />) },
      { path: 'discussions/:id', element: <DiscussionDetail /> },
      { path: 'discussions/:id/edit', element: authed(<DiscussionEdit />) },
      { path: 'questions', element: <QuestionBank /> },
      { path: 'questions/recommend', element: <Recommend /> },
      { path: 'questions/:id', element: <QuestionDetail /> },
      { path: 'applications', element: authed(<Applications />) },
      { path: 'mock-interviews', element: authed(<MockInterviews />) },
      { path: 'mock-interviews/:id', element: authed(<MockInterview />) },
      { path: 'mistakes', element: authed(<Mistakes />) },
      { path: 'ability', element: authed(<Ability />) },
      { path: 'resume', element: authed(<ResumePage />) },
      { path: 'favorites', element: authed(<Favorites />) },
      { path: 'my-posts', element: authed(<MyPosts />) },
      { path: 'feedback', element: <Feedback /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export default function App() {
  // Re-render on language change so ConfigProvider picks the matching antd locale.
  useTranslation();
  const lang = currentLanguage();
  return (
    <ConfigProvider
      locale={ANTD_LOCALES[lang]}
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#0e9f6e',
          colorLink: '#0e9f6e',
          borderRadius: 8,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
        },
        components: {
          Layout: { headerBg: '#fff', bodyBg: '#f5f7f9', footerBg: '#f5f7f9' },
          Menu: { itemPaddingInline: 14 },
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
