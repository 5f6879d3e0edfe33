/** School picker with remote search on `GET /api/schools?q=`. Value is the school id. */
import { useMemo, useState } from 'react';
import { Flex, Select, Spin, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { catalogApi } from '../api/endpoints';
import { useDebounced } from './hooks';

interface Props {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Name of the currently selected school, so it shows before any search. */
  initialName?: string | null;
  id?: string;
}

export default function SchoolSelect({ value, onChange, initialName, id }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(search.trim(), 300);

  const schools = useQuery({
    queryKey: ['schools', q],
    queryFn: ({ signal }) => catalogApi.schools(q, 1, 20, signal),
    enabled: open || q !== '',
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });

  const options = useMemo(() => {
    const list: { value: number; label: string; region?: string | null }[] = (schools.data?.items ?? []).map((s) => ({
      value: s.id,
      label: s.name,
      region: s.region,
    }));
    if (value != null && initialName && !list.some((o) => o.value === value)) {
      list.unshift({ value, label: initialName });
    }
    return list;
  }, [schools.data, value, initialName]);

  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      onOpenChange={setOpen}
      placeholder={t('placeholders.school')}
      options={options}
      optionRender={(o) => (
        <Flex justify="space-between" gap={8}>
          <span>{o.data.label}</span>
          {o.data.region ? <Typography.Text type="secondary">{o.data.region}</Typography.Text> : null}
        </Flex>
      )}
      notFoundContent={schools.isFetching ? <Spin size="small" /> : undefined}
      data-testid="school-select"
    />
  );
}
