/** Attribution of an imported post: "来源: owner/repo · MIT", linking to the repository. */
import { Tag, Tooltip } from 'antd';
import { GithubOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** `owner/repo` looks like a GitHub repository: link to it (and to the file when known). */
export function sourceUrl(source: string, path?: string | null): string | null {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(source)) return null;
  const base = `https://github.com/${source}`;
  return path ? `${base}/blob/HEAD/${path.split('/').map(encodeURIComponent).join('/')}` : base;
}

export default function SourceBadge({ source, license }: { source?: string | null; license?: string | null }) {
  const { t } = useTranslation();
  if (!source) return null;
  const text = license ? t('community.sourceLicense', { source, license }) : t('community.source', { source });
  return (
    <Tooltip title={t('community.sourceTitle')}>
      <Tag icon={<GithubOutlined />} variant="filled" className="mj-source-badge" data-testid="source-badge">
        {text}
      </Tag>
    </Tooltip>
  );
}
