/**
 * A store value that follows the store at most once every `ms` milliseconds
 * (the latest one wins). Views of a long training history re-render at this
 * pace instead of at every progress report, leaving the page's thread free
 * for panning and zooming. It subscribes to the store itself: a plain
 * selector would re-render the component at every change.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../app/app-context.js';
import { holdFor, watchInputActivity } from '../app/input-activity.js';
import type { AppState } from '../store/types.js';

export function useThrottledApp<T>(selector: (s: AppState) => T, ms: number): T {
  const { store } = useServices();
  const [shown, setShown] = useState(() => selector(store.getState()));
  useEffect(() => {
    watchInputActivity();
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (): void => {
      // Mid-gesture the redraw waits until the user is still: the frames belong to the gesture.
      const hold = holdFor();
      if (hold > 0) {
        timer = setTimeout(show, hold);
        return;
      }
      timer = undefined;
      last = performance.now();
      setShown(selector(store.getState()));
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (timer !== undefined || selector(s) === selector(prev)) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, selector, ms]);
  return shown;
}
