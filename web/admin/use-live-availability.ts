import { useEffect, useState } from 'preact/hooks';
import type { Availability } from './api-types';

/** After a refused stream (503 at the cap, or the service away) the browser gives up: try again this much later. */
const REOPEN_AFTER_MS = 5_000;

/**
 * Availability as the widgets see it (DESIGN §12), live: the console holds the widgets' own
 * stream, `GET /v1/widget/stream` (public, same origin), while the component is mounted, and
 * keeps each `availability` event. The browser reconnects a dropped stream by itself (the
 * stream's `retry: 5000`); a refused one is reopened here. `live` is false while disconnected.
 */
export function useLiveAvailability(): { availability: Availability | null; live: boolean } {
  const [availability, setAvailability] = useState<Availability | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    let source: EventSource | null = null;
    let reopening: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      source = new EventSource('/v1/widget/stream');
      source.addEventListener('availability', (event) => {
        setAvailability(JSON.parse(String(event.data)) as Availability);
        setLive(true);
      });
      source.onerror = () => {
        setLive(false);
        if (source?.readyState === EventSource.CLOSED) reopening = setTimeout(open, REOPEN_AFTER_MS);
      };
    };
    open();
    return () => {
      clearTimeout(reopening);
      source?.close();
    };
  }, []);
  return { availability, live };
}
