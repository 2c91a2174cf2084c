import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { PAGE_LIMITS, type Page } from '../api-constants';
import { ErrorBox } from '../ui';

/** Loads one page of a list resource (`path` may carry a query: `?sort=name`); `reload()` fetches it again, and so does a new `refreshOn`. */
export function usePaged<T>(path: string, refreshOn?: unknown) {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    setError(null);
    api<Page<T>>('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${PAGE_LIMITS.defaultLimit}&offset=${offset}`)
      .then(({ body }) => setPage(body))
      .catch(setError);
  }, [path, offset, tick, refreshOn]);
  return { page, error, setOffset, reload: () => setTick((n) => n + 1) };
}

export function Pager<T>(props: { page: Page<T>; setOffset: (offset: number) => void }) {
  const { page } = props;
  if (page.total <= page.limit) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page.offset === 0} onClick={() => props.setOffset(Math.max(0, page.offset - page.limit))}>
        Previous
      </button>
      <span>
        {page.offset + 1}–{page.offset + page.items.length} of {page.total}
      </span>
      <button type="button" disabled={page.offset + page.items.length >= page.total} onClick={() => props.setOffset(page.offset + page.limit)}>
        Next
      </button>
    </nav>
  );
}

/**
 * One list item that PATCHes itself (`path`) and shows the answer, or the error. A reloaded
 * list (a new `initial`) replaces the value, except while a change is on its way: that page
 * may have been read before the change, and the change's answer is the newer one.
 */
export function usePatched<T, Patch extends Partial<T>>(initial: T, path: string) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const changing = useRef(0);
  useEffect(() => {
    if (changing.current === 0) setValue(initial);
  }, [initial]);
  const change = async (patch: Patch) => {
    const before = value;
    setValue({ ...value, ...patch });
    setError(null);
    changing.current += 1;
    try {
      setValue((await api<T>('PATCH', path, { body: patch })).body);
    } catch (caught) {
      setValue(before);
      setError(caught);
    } finally {
      changing.current -= 1;
    }
  };
  return { value, error, change };
}

/** A titled, paged list resource (`/v1/agents`, `/v1/departments`) rendered one card per item, below what `children` shows. */
export function PagedList<T>(props: {
  title: string;
  path: string;
  intro: ComponentChildren;
  empty: string;
  item: (value: T) => ComponentChildren;
  /** A new value loads the page again. */
  refreshOn?: unknown;
  children?: ComponentChildren;
}) {
  const { page, error, setOffset } = usePaged<T>(props.path, props.refreshOn);
  return (
    <section>
      <h1>{props.title}</h1>
      <p class="muted">{props.intro}</p>
      {props.children}
      <ErrorBox error={error} />
      {page && page.items.length === 0 && <p class="muted">{props.empty}</p>}
      {page && page.items.length > 0 && (
        <>
          <ul class="cards" aria-label={props.title}>
            {page.items.map(props.item)}
          </ul>
          <Pager page={page} setOffset={setOffset} />
        </>
      )}
    </section>
  );
}
