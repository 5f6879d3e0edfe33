/** Markdown textarea with a 预览 tab; a controlled input for antd Form.Item. */
import { useState } from 'react';
import { Input, Segmented, Typography } from 'antd';
import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import Markdown from './Markdown';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  placeholder?: string;
  maxLength: number;
  rows?: number;
  'aria-invalid'?: boolean;
}

export default function MarkdownEditor({ value = '', onChange, id, placeholder, maxLength, rows = 14, ...rest }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  return (
    <div className="mj-md-editor">
      <div className="mj-md-editor-bar">
        <Segmented<'write' | 'preview'>
          size="small"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'write', label: t('community.write_tab'), icon: <EditOutlined /> },
            { value: 'preview', label: <span data-testid="md-preview-tab">{t('community.preview')}</span>, icon: <EyeOutlined /> },
          ]}
        />
        <Typography.Text type="secondary" className="mj-md-hint">
          {t('community.markdownHint')}
        </Typography.Text>
      </div>
      {mode === 'write' ? (
        <Input.TextArea
          id={id}
          value={value}
          onChange={(e) => onChange?.(e.target.value)}
          placeholder={placeholder}
          autoSize={{ minRows: rows, maxRows: 40 }}
          showCount
          maxLength={maxLength}
          aria-invalid={rest['aria-invalid']}
        />
      ) : (
        <div className="mj-md-preview" data-testid="md-preview">
          {value.trim() ? <Markdown>{value}</Markdown> : <Typography.Text type="secondary">{t('community.previewEmpty')}</Typography.Text>}
        </div>
      )}
    </div>
  );
}
