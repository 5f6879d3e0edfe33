/**
 * User-written Markdown rendered safely: react-markdown builds React elements (never an HTML
 * string), raw HTML in the source is dropped, and its default URL transform removes
 * `javascript:`/`data:` links. remark-gfm adds tables, task lists, strikethrough and autolinks.
 * Links leave the site in a new tab without referrer and marked `nofollow ugc`.
 */
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

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
  img: ({ node: _node, src, alt, ...rest }) => (
    <img src={typeof src === 'string' ? src : undefined} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" {...rest} />
  ),
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
