/**
 * The head of a searchable list (面经 feed, 题库, discussions): a search box, filter inputs, a sort
 * switch, the number found and 清除筛选. It only shows and reports values; the page keeps them in
 * the URL (`useUrlState`). On phones the filters fold behind a 筛选 button that counts the active ones.
 */
import { Children, useEffect, useState, type ReactNode } from 'react';
import { Button, Flex, Grid, Input, Segmented, Select, Space, Typography } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { careerLabel, oneOf } from '../api/types';
import { useCareers } from './community/keys';

/** The orders a list can be asked for; with a search and no order the server ranks by relevance. */
export type ListSort = 'latest' | 'popular' | 'top_rated' | 'helpful';

interface Props {
  /** Prefix of the test ids: `{testId}-search`, `-filters`, `-sort`, `-total`. */
  testId: string;
  /** The applied search (from the URL) and what applying a new one does. */
  search: { value: string; onSearch: (q: string) => void; placeholder: string };
  /** Filter inputs, laid out in a wrapping row; `active` counts the ones set. */
  filters?: ReactNode[];
  active?: number;
  /** The sorts offered, the one asked for (undefined: the default) and what choosing one does ('' = default). */
  sort?: { options: readonly ListSort[]; value: ListSort | undefined; onChange: (sort: ListSort | '') => void };
  /** Number of results; unknown while the first page loads. */
  total?: number;
  totalLabel: (total: number) => string;
  /** Chips before the total, e.g. the tag a list is filtered by. */
  extra?: ReactNode;
  /** Whether anything is filtered or searched: offers 清除筛选. */
  filtered: boolean;
  onClear: () => void;
}

/** A text filter typed locally and applied on Enter / pick / blur, following the URL (back, clear). */
export function useDraft(urlValue: string): [string, (v: string) => void] {
  const [draft, setDraft] = useState(urlValue);
  useEffect(() => setDraft(urlValue), [urlValue]);
  return [draft, setDraft];
}

/** The part of `useUrlState` a filter input reads and writes. */
interface UrlFilters<N extends string> {
  values: Record<N, string>;
  update: (patch: Partial<Record<N, string | number>>) => void;
}

/** A filter over fixed choices (result, difficulty…) kept in the URL as `name`; test id `filter-{name}`. */
export function ChoiceFilter<N extends string, T extends string>(props: {
  url: UrlFilters<N>;
  name: N;
  choices: readonly T[];
  label: (choice: T) => string;
  placeholder: string;
}) {
  const { url, name, choices, label, placeholder } = props;
  return (
    <Select<T>
      value={oneOf(choices, url.values[name])}
      onChange={(v) => {
        const patch: Partial<Record<N, string>> = {};
        patch[name] = v ?? '';
        url.update(patch);
      }}
      allowClear
      placeholder={placeholder}
      options={choices.map((c) => ({ value: c, label: label(c) }))}
      style={{ width: '100%' }}
      data-testid={`filter-${name.replace(/_/g, '-')}`}
    />
  );
}

/** 职业方向 as a filter; the URL keeps the career's id as `career_id`. */
export function CareerFilter({ url }: { url: UrlFilters<'career_id'> }) {
  const { t } = useTranslation();
  const careers = useCareers();
  return (
    <Select<number>
      value={url.values.career_id ? Number(url.values.career_id) : undefined}
      onChange={(v) => url.update({ career_id: v ?? '' })}
      allowClear
      placeholder={t('exp.career')}
      options={(careers.data?.items ?? []).map((c) => ({ value: c.id, label: careerLabel(c) }))}
      loading={careers.isPending}
      style={{ width: '100%' }}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid="filter-career"
    />
  );
}

export default function FilterBar(props: Props) {
  const { testId, search, filters, active = 0, sort, total, totalLabel, extra, filtered, onClear } = props;
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const [q, setQ] = useDraft(search.value);
  const [showFilters, setShowFilters] = useState(false);
  const folding = narrow && !!filters;

  const sortSwitch = sort ? (
    <Segmented<ListSort | 'relevance'>
      value={sort.value ?? (search.value ? 'relevance' : 'latest')}
      options={[
        ...(search.value ? (['relevance'] as const) : []),
        ...sort.options,
      ].map((s) => ({ value: s, label: t(`sort.${s}`) }))}
      // The default order is not written to the URL: relevance with a search, else latest.
      onChange={(v) => sort.onChange(v === 'relevance' || (v === 'latest' && !search.value) ? '' : v)}
      data-testid={`${testId}-sort`}
    />
  ) : null;
  const totalText =
    total === undefined ? null : (
      <Typography.Text type="secondary" data-testid={`${testId}-total`}>
        {totalLabel(total)}
      </Typography.Text>
    );
  // Left of the last row: the sort, unless it sits beside the 筛选 button; else the total.
  const lead = folding || !sort ? totalText : sortSwitch;

  return (
    <div className="mj-feed-head">
      <Input.Search
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => search.onSearch(v.trim())}
        placeholder={search.placeholder}
        allowClear
        enterButton={t('common.search')}
        size="large"
        maxLength={100}
        data-testid={`${testId}-search`}
      />
      {folding ? (
        <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 12 }}>
          <Button
            icon={<FilterOutlined />}
            onClick={() => setShowFilters((v) => !v)}
            type={active ? 'primary' : 'default'}
            ghost={!!active}
            data-testid="toggle-filters"
          >
            {active ? t('exp.filtersActive', { count: active }) : t('exp.filters')}
          </Button>
          {sortSwitch}
        </Flex>
      ) : null}
      {filters && (!narrow || showFilters) ? (
        <Flex wrap gap={8} className="mj-filters" style={{ marginTop: 12 }} data-testid={`${testId}-filters`}>
          {Children.map(filters, (input) => (
            <div className="mj-filter">{input}</div>
          ))}
        </Flex>
      ) : null}
      {lead || extra || totalText || filtered ? (
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
          {lead ?? <span />}
          <Space size={8} wrap>
            {extra}
            {lead === totalText ? null : totalText}
            {filtered ? (
              <Button type="link" onClick={onClear} style={{ paddingInline: 0 }} data-testid="clear-filters">
                {t('exp.clearFilters')}
              </Button>
            ) : null}
          </Space>
        </Flex>
      ) : null}
    </div>
  );
}
