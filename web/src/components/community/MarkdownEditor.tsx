/**
 * Markdown textarea with a 预览 tab; a controlled input for antd Form.Item.
 *
 * Images: pasting or dropping an image file into the text, or the 图片 button (phones have no
 * paste of files), uploads it as a `post_image` (the server checks the type by its bytes and the
 * 5 MB limit) and inserts `![name](/api/files/ID)` at the cursor. While it uploads, a placeholder
 * `![上传中：name #n]()` stands in its place, so typing goes on; a failed upload removes it again.
 */
import { useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import { App, Button, Input, Segmented, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { EditOutlined, EyeOutlined, PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fileApi } from '../../api/endpoints';
import { errorMessage } from '../States';
import { AVATAR_TYPES, formatBytes } from '../uploads';
import Markdown from './Markdown';

/** Largest post image, bytes (the server's limit for `post_image`). */
export const POST_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  placeholder?: string;
  maxLength: number;
  rows?: number;
  'aria-invalid'?: boolean;
}

/** The image files among `files`. */
function images(files: FileList | null | undefined): File[] {
  return Array.from(files ?? []).filter((f) => f.type.startsWith('image/'));
}

/** A file name as Markdown alt text: no extension, no brackets or line breaks. */
function altText(name: string) {
  return name.replace(/\.[^.]+$/, '').replace(/[[\]\r\n]/g, ' ').trim() || 'image';
}

export default function MarkdownEditor({ value = '', onChange, id, placeholder, maxLength, rows = 14, ...rest }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const [uploading, setUploading] = useState(0);
  const textArea = useRef<TextAreaRef>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // The text as last set, for uploads that finish after later typing.
  const latest = useRef(value);
  latest.current = value;
  const counter = useRef(0);

  const set = (next: string) => {
    latest.current = next;
    onChange?.(next);
  };

  const insertImages = (files: File[]) => {
    const el = textArea.current?.resizableTextArea?.textArea;
    let start = el && mode === 'write' ? el.selectionStart : latest.current.length;
    let end = el && mode === 'write' ? el.selectionEnd : start;
    for (const file of files) {
      if (!AVATAR_TYPES.includes(file.type)) {
        void message.error(t('drafts.imageType'));
        continue;
      }
      if (file.size > POST_IMAGE_MAX_BYTES) {
        void message.error(t('drafts.imageSize', { size: formatBytes(file.size) }));
        continue;
      }
      counter.current += 1;
      const alt = altText(file.name);
      const token = `![${t('drafts.imageUploading', { name: alt })} #${counter.current}]()`;
      const text = latest.current;
      const before = text.slice(0, start);
      const lead = before && !before.endsWith('\n') ? '\n' : '';
      const piece = `${lead}${token}\n`;
      set(before + piece + text.slice(end));
      start = end = before.length + piece.length;
      setUploading((n) => n + 1);
      fileApi
        .upload(file, 'post_image', file.name)
        .then((info) => {
          if (latest.current.includes(token)) set(latest.current.replace(token, `![${alt}](${info.url})`));
        })
        .catch((e: unknown) => {
          if (latest.current.includes(token)) set(latest.current.replace(`${token}\n`, '').replace(token, ''));
          void message.error(t('drafts.imageFailed', { message: errorMessage(e, t('errors.unknown')) }));
        })
        .finally(() => setUploading((n) => n - 1));
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = images(e.clipboardData?.files);
    if (!files.length) return; // text pastes as usual
    e.preventDefault();
    insertImages(files);
  };
  const onDrop = (e: DragEvent<HTMLTextAreaElement>) => {
    const files = images(e.dataTransfer?.files);
    if (!files.length) return;
    e.preventDefault();
    insertImages(files);
  };

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
        <Tooltip title={t('drafts.imageInsert')}>
          <Button
            size="small"
            type="text"
            icon={<PictureOutlined />}
            loading={uploading > 0}
            onClick={() => fileInput.current?.click()}
            aria-label={t('drafts.imageInsert')}
            data-testid="md-image-button"
          >
            {t('drafts.image')}
          </Button>
        </Tooltip>
        <input
          ref={fileInput}
          type="file"
          accept={AVATAR_TYPES.join(',')}
          multiple
          style={{ display: 'none' }}
          data-testid="md-image-input"
          onChange={(e) => {
            insertImages(images(e.target.files));
            e.target.value = '';
          }}
        />
        <Typography.Text type="secondary" className="mj-md-hint">
          {t('community.markdownHint')}
        </Typography.Text>
      </div>
      {mode === 'write' ? (
        <Input.TextArea
          ref={textArea}
          id={id}
          value={value}
          onChange={(e) => set(e.target.value)}
          onPaste={onPaste}
          onDrop={onDrop}
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
