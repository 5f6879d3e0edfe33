/**
 * TanStack Query keys of the practice area (question bank, resume, mock interviews, learning
 * records). Lists hang under their root key so one invalidation refreshes every page and filter;
 * the favorite questions list sits under the community's `['favorites']` so the favorites page
 * refreshes as a whole.
 */
export const pkeys = {
  questionLists: ['questions'] as const,
  question: (id: number | string) => ['question', String(id)] as const,
  favoriteQuestions: ['favorites', 'questions'] as const,
  resume: ['resume'] as const,
  interviews: ['mock-interviews'] as const,
  interview: (id: number | string) => ['mock-interview', String(id)] as const,
  mistakes: ['mistakes'] as const,
  ability: ['ability'] as const,
};
