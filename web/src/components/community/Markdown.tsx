/**
 * User-written Markdown rendered safely: react-markdown builds React elements (never an HTML
 * string), raw HTML in the source is dropped, and its default URL transform removes
 * `javascript:`/`data:` links. remark-gfm adds tables, task lists, strikethrough and autolinks.
 * Links leave the site in a new tab without referrer and marked `nofollow ugc`.
 *
 * Images on other sites are not loaded: reading a post or a question must not make the reader's
 * browser call third parties (tracking pixels, hot-linked images in imported answers, offline
 * use). They show as a link to open the picture instead; same-origin images load as usual.
 */
import type { ComponentProps } from 'react';
import { PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

function sameOrigin(src: string): boolean {
  try {
    return new URL(src, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

function MarkdownImage({ src, alt, ...rest }: ComponentProps<'img'>) {
  const { t } = useTranslation();
  if (typeof src !== 'string' || !src) return null;
  if (sameOrigin(src)) return <img src={src} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" {...rest} />;
  return (
    <a href={src} target="_blank" rel="noopener noreferrer nofollow ugc" className="mj-md-remote-img" title={t('community.remoteImageTitle')} data-testid="remote-image">
      <PictureOutlined /> {alt || t('community.remoteImage')}
    </a>
  );
}

const components: Components = {
  // A link whose URL the sanitiser removed (javascript:, …) is plain text, not a link to nowhere.
  a: ({ node: _node, href, children, ...rest }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow ugc" {...rest}>
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ node: _node, ...rest }) => <MarkdownImage {...rest} />,
  table: ({ node: _node, children, ...rest }) => (
    <div className="mj-md-table">
      <table {...rest}>{children}</table>
    </div>
  ),
};

export default function Markdown({ children, testId }: { children: string; testId?: string }) {
  return (
    <div className="mj-markdown" data-testid={testId}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
        {children}
      </ReactMarkdown>
    </div>
  );
}
