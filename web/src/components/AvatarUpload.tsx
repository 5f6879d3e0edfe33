/**
 * 更换头像: checks type and size in the browser (PNG/JPEG/WebP/GIF ≤ 2 MiB), uploads with
 * `POST /api/files` purpose=avatar, then sets the profile's avatar to the returned (public,
 * same-origin) `url`. The server's 413/415 refusals are shown with the rule.
 */
import { Alert, App, Button, Flex, Typography, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fileApi, userApi } from '../api/endpoints';
import { ME_KEY } from '../auth/session';
import { useServerError } from './forms';
import { AVATAR_TYPES, checkFile, uploadErrorText } from './uploads';

export default function AvatarUpload() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useServerError();
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const info = await fileApi.upload(file, 'avatar');
      return userApi.updateProfile({ avatar: info.url });
    },
    onSuccess: (profile) => {
      qc.setQueryData(ME_KEY, profile);
      setError(null);
      void message.success(t('upload.avatarDone'));
    },
    onError: (e) => setError(uploadErrorText(t, e, 'avatar')),
  });
  return (
    <Flex vertical align="center" gap={4} style={{ width: '100%' }} data-testid="avatar-upload">
      <Upload
        accept={AVATAR_TYPES.join(',')}
        showUploadList={false}
        beforeUpload={(file) => {
          const problem = checkFile(t, file, 'avatar');
          if (problem) setError(problem);
          else upload.mutate(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <Button size="small" icon={<CameraOutlined />} loading={upload.isPending} data-testid="avatar-upload-button">
          {t('upload.avatarButton')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('upload.avatarRule')}
      </Typography.Text>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 4, textAlign: 'start' }} data-testid="avatar-error" /> : null}
    </Flex>
  );
}
