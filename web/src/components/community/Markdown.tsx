/**
 * User-written Markdown rendered safely: react-markdown builds React elements (never an HTML
 * string), raw HTML in the source is dropped, and its default URL transform removes
 * `javascript:`/`data:` links. remark-gfm adds tables, task lists, strikethrough and autolinks.
 * Links leave the site in a new tab without referrer and marked `nofollow ugc`.
 *
 * Images on other sites are not loaded: reading a post or a question must not make the reader's
 * browser call third parties (tracking pixels, hot-linked images in imported answers, offline
 * use). They show as a link to open the picture instead; same-origin images load as usual
 * (images pasted into posts are uploaded here: `/api/files/ID`).
 *
 * Fenced code blocks that name their language (```java) are highlighted by rehype-highlight
 * (highlight.js through lowlight, building elements, not HTML) with a theme of classes only, so
 * the CSP needs no inline style. Only the languages of interview answers are registered, and
 * blocks without a language are left plain (no guessing).
 */
import type { ComponentProps } from 'react';
import { PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight, { type Options as HighlightOptions } from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import 'highlight.js/styles/github.css';

/** The languages of 面经 and answers (their aliases too: js, ts, py, sh, html, yml, c++…). */
const highlight: HighlightOptions = {
  languages: { bash, c, cpp, csharp, css, go, java, javascript, json, kotlin, python, rust, sql, typescript, xml, yaml },
  detect: false,
};

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
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[[rehypeHighlight, highlight]]} components={components} skipHtml>
        {children}
      </ReactMarkdown>
    </div>
  );
}
