/** 举报: report a 面经, discussion or comment with a reason from the fixed list and optional words. */
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Radio } from 'antd';
import type { ButtonProps } from 'antd';
import { FlagOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { REPORT_REASONS, reportApi, type ReportReason, type ReportTarget } from '../../api/notifications';
import { isApiError } from '../../api/client';

interface Props {
  target: ReportTarget;
  id: number;
  size?: 'small' | 'middle';
  /** Link-style (in a comment's actions) or text-style (in a card) instead of a default button. */
  variant?: 'default' | 'text' | 'link';
}

export default function ReportButton({ target, id, size = 'middle', variant = 'default' }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: ReportReason; detail?: string }>();
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (v: { reason: ReportReason; detail?: string }) =>
      reportApi.create({ target_type: target, target_id: id, reason: v.reason, detail: v.detail?.trim() || undefined }),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void message.success(t('moderation.submitted'));
    },
    onError: (e) => setError(isApiError(e) ? (e.fields?.detail?.[0] ?? e.message) : t('errors.unknown')),
  });
  return (
    <>
      <Button
        type={variant}
        size={size}
        icon={variant === 'link' ? undefined : <FlagOutlined />}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid={`report-${target}`}
      >
        {t('moderation.report')}
      </Button>
      <Modal
        open={open}
        title={t('moderation.reportTitle')}
        okText={t('moderation.submit')}
        cancelText={t('common.cancel')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: send.isPending, 'data-testid': 'report-submit' } as ButtonProps}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ reason: 'spam' }}
          onFinish={(v) => {
            setError(null);
            send.mutate(v);
          }}
          data-testid="report-form"
        >
          <Form.Item name="reason" label={t('moderation.reason')} rules={[{ required: true }]}>
            <Radio.Group>
              {REPORT_REASONS.map((r) => (
                <Radio key={r} value={r} style={{ display: 'flex', marginBottom: 6 }} data-testid={`reason-${r}`}>
                  {t(`moderation.reason_${r}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="detail"
            label={t('moderation.detail')}
            dependencies={['reason']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v?: string) =>
                  getFieldValue('reason') === 'other' && !v?.trim() ? Promise.reject(new Error(t('moderation.detailRequired'))) : Promise.resolve(),
              }),
            ]}
            validateStatus={error ? 'error' : undefined}
            help={error ?? undefined}
          >
            <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('moderation.detailPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
