/** A copy of `array` with room for `length` entries (the new tail is zeros). */
export function growInt32(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}
