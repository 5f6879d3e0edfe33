import type zhCN from './zh-CN';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** Shape every locale must match exactly (keys of zh-CN, string leaves). */
export type LocaleResource = DeepStrings<typeof zhCN>;
