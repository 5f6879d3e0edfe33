/** The product's areas, in header order. Shared by the header, the phone drawer and the home page. */
import type { ReactNode } from 'react';
import {
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  BookOutlined,
  CommentOutlined,
  FileTextOutlined,
  FormOutlined,
  MessageOutlined,
  SolutionOutlined,
  ReadOutlined,
  StarOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';

export type NavKey =
  | 'home'
  | 'companies'
  | 'discussions'
  | 'questions'
  | 'applications'
  | 'mockInterviews'
  | 'mistakes'
  | 'ability'
  | 'resume'
  | 'favorites'
  | 'myPosts'
  | 'feedback';

export interface NavItem {
  key: NavKey;
  path: string;
  icon: ReactNode;
  /** Needs a logged-in user. */
  auth: boolean;
  /** Other path prefixes that belong to this area (a 面经's detail page belongs to the feed). */
  also?: string[];
}

export const NAV_ITEMS: NavItem[] = [
  { key: 'home', path: '/', icon: <ReadOutlined />, auth: false, also: ['/experiences'] },
  { key: 'companies', path: '/companies', icon: <BankOutlined />, auth: false },
  { key: 'discussions', path: '/discussions', icon: <CommentOutlined />, auth: false },
  { key: 'questions', path: '/questions', icon: <BookOutlined />, auth: false },
  { key: 'applications', path: '/applications', icon: <SolutionOutlined />, auth: true },
  { key: 'mockInterviews', path: '/mock-interviews', icon: <VideoCameraOutlined />, auth: true },
  { key: 'mistakes', path: '/mistakes', icon: <AuditOutlined />, auth: true },
  { key: 'ability', path: '/ability', icon: <BarChartOutlined />, auth: true },
  { key: 'resume', path: '/resume', icon: <FileTextOutlined />, auth: true },
  { key: 'favorites', path: '/favorites', icon: <StarOutlined />, auth: true },
  { key: 'myPosts', path: '/my-posts', icon: <FormOutlined />, auth: true },
  { key: 'feedback', path: '/feedback', icon: <MessageOutlined />, auth: false },
];

/** The nav entry a pathname belongs to (longest matching prefix), for menu highlighting. */
export function activeNavKey(pathname: string): NavKey | undefined {
  let best: NavItem | undefined;
  const under = (prefix: string) => pathname === prefix || pathname.startsWith(prefix + '/');
  for (const item of NAV_ITEMS) {
    const match = (item.path === '/' ? pathname === '/' : under(item.path)) || (item.also ?? []).some(under);
    if (match && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}
