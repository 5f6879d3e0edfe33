/**
 * Company name input that suggests companies by name or alias (`GET /api/companies?q=`), with their
 * counts: typing 字节 or bytedance offers 字节跳动, and picking it fills the canonical name. Whatever is
 * typed resolves on the server to the company with that spelling, or a new one.
 */
import { useState } from 'react';
import { AutoComplete, Flex, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { experienceApi } from '../../api/endpoints';
import { useDebounced } from '../hooks';
import { keys } from './keys';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  /** Called when a suggestion is picked or Enter is pressed (filter bars apply then). */
  onCommit?: (value: string) => void;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  testId?: string;
  maxLength?: number;
}

export default function CompanyInput({ value, onChange, onCommit, placeholder, id, allowClear, testId, maxLength }: Props) {
  const [open, setOpen] = useState(false);
  const q = useDebounced((value ?? '').trim(), 250);
  const companies = useQuery({
    queryKey: [...keys.companies, q],
    queryFn: ({ signal }) => experienceApi.companies(q, signal),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const typed = q.toLowerCase();
  const options = (companies.data?.items ?? []).map((c) => {
    // The alias the typed text matched, when it is not the name itself.
    const alias = typed && !c.name.toLowerCase().includes(typed) ? c.aliases.find((a) => a.toLowerCase().includes(typed)) : undefined;
    return {
      value: c.name,
      label: (
        <Flex justify="space-between" gap={8} data-testid="company-option">
          <span>
            {c.name}
            {alias ? <Typography.Text type="secondary"> ({alias})</Typography.Text> : null}
          </span>
          <Typography.Text type="secondary">{c.count}</Typography.Text>
        </Flex>
      ),
    };
  });
  return (
    <AutoComplete
      id={id}
      value={value}
      options={options}
      onChange={(v) => onChange?.(v ?? '')}
      onSelect={(v) => onCommit?.(String(v))}
      onOpenChange={setOpen}
      onClear={() => onCommit?.('')}
      onInputKeyDown={(e) => {
        if (e.key === 'Enter') onCommit?.((value ?? '').trim());
      }}
      placeholder={placeholder}
      allowClear={allowClear}
      maxLength={maxLength}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
