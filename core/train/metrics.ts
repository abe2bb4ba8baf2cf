/** Classification accuracy from a predictions tensor and the dataset's class indices. */
import { formatShape } from '../tensor/shape.js';
import type { HostTensor } from '../tensor/tensor.js';

/**
 * How many rows of `pred` name the right class. With more than one column in the last axis
 * the predicted class is the argmax of each row (first maximum on ties); with one column (or
 * a 1-D tensor, one value per row) it is 1 when the value exceeds `threshold`, else 0.
 * Throws RangeError when the number of rows differs from the number of labels.
 */
export function countCorrect(pred: HostTensor, labels: ArrayLike<number>, threshold = 0.5): number {
  const { shape, data } = pred;
  const cols = shape.length >= 2 ? shape[shape.length - 1] : 1;
  const rows = cols === 0 ? 0 : data.length / cols;
  if (rows !== labels.length) {
    throw new RangeError(`predictions of shape ${formatShape(shape)} give ${rows} rows, but the batch has ${labels.length} labels`);
  }
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    let cls: number;
    if (cols === 1) {
      cls = data[r] > threshold ? 1 : 0;
    } else {
      cls = 0;
      let best = data[r * cols];
      for (let c = 1; c < cols; c++) {
        const v = data[r * cols + c];
        if (v > best) {
          best = v;
          cls = c;
        }
      }
    }
    if (cls === labels[r]) correct++;
  }
  return correct;
}

/** The fraction of rows classified correctly (see {@link countCorrect}); 0 for an empty batch. */
export function accuracy(pred: HostTensor, labels: ArrayLike<number>, threshold = 0.5): number {
  return labels.length === 0 ? 0 : countCorrect(pred, labels, threshold) / labels.length;
}
