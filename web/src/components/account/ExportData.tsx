/**
 * "导出我的数据": downloads `GET /api/users/me/export` as `mianjing-export-<account>-<date>.json`,
 * the name the server gives the attachment (issue 19). The request goes through the API client so
 * a 429 shows the localised "try again in …" message.
 */
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { userApi } from '../../api/endpoints';
import { errorMessage } from '../States';

export default function ExportData() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useMutation({
    mutationFn: userApi.exportMe,
    onSuccess: (doc) => {
      const file = `mianjing-export-${doc.profile.account}-${doc.exported_at.slice(0, 10)}.json`;
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 1000);
      void message.success(t('consent.export.done', { file }));
    },
  });
  return (
    <Card title={<Space><DownloadOutlined />{t('consent.export.title')}</Space>} data-testid="export-card">
      <Typography.Paragraph type="secondary">{t('consent.export.desc')}</Typography.Paragraph>
      {run.isError ? (
        <Alert type="error" showIcon title={errorMessage(run.error, t('errors.unknown'))} style={{ marginBottom: 16 }} data-testid="export-error" />
      ) : null}
      <Button icon={<DownloadOutlined />} loading={run.isPending} onClick={() => run.mutate()} data-testid="export-button">
        {t('consent.export.button')}
      </Button>
    </Card>
  );
}
