import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { type Page, PAGE_LIMITS } from './api-constants';
import type { Department } from './api-types';

/** Rows of one form share one request; a form opened later sees departments created since. */
const FRESH_MS = 10_000;
let loading: Promise<Department[]> | null = null;
let loadedAt = 0;

/**
 * The departments for pickers (the first page of the largest size); null while loading or
 * when the list cannot be read (the pickers then take ids as text).
 */
export function useDepartments(): Department[] | null {
  const [departments, setDepartments] = useState<Department[] | null>(null);
  useEffect(() => {
    if (!loading || Date.now() - loadedAt > FRESH_MS) {
      loadedAt = Date.now();
      loading = api<Page<Department>>('GET', `/v1/departments?limit=${PAGE_LIMITS.maxLimit}`).then(({ body }) => [...body.items]);
    }
    let live = true;
    loading.then(
      (items) => live && setDepartments(items),
      () => {
        loading = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return departments;
}
