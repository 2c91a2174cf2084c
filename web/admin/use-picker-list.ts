import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import type { Page } from './api-constants';

/** Rows of one form share one request; a form opened later sees items created since. */
const FRESH_MS = 10_000;

export interface PickerList<T> {
  /** The items (the first page of `path`); null while loading or when the list cannot be read (pickers then take ids as text). */
  use(): T[] | null;
  /** Forget the loaded page (after a change here), so the next picker reads it again. */
  invalidate(): void;
}

/** The items of a list resource that pickers choose from, read once for every picker on screen. */
export function pickerList<T>(path: string): PickerList<T> {
  let loading: Promise<T[]> | null = null;
  let loadedAt = 0;
  return {
    use() {
      const [items, setItems] = useState<T[] | null>(null);
      useEffect(() => {
        if (!loading || Date.now() - loadedAt > FRESH_MS) {
          loadedAt = Date.now();
          loading = api<Page<T>>('GET', path).then(({ body }) => [...body.items]);
        }
        let live = true;
        loading.then(
          (loaded) => live && setItems(loaded),
          () => {
            loading = null;
          },
        );
        return () => {
          live = false;
        };
      }, []);
      return items;
    },
    invalidate() {
      loading = null;
    },
  };
}
