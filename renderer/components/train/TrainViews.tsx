/** The panel's right-hand side: what each tab shows, fed from the store. */
import type { TrainTab } from '../../store/types.js';

export function TrainViews({ tab }: { readonly tab: TrainTab }) {
  return <div data-testid={`train-view-${tab}`} />;
}
