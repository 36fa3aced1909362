/**
 * Gives the canvas a backing store of its CSS size × devicePixelRatio, so
 * cells and lines stay crisp on high-density screens. A canvas with no layout
 * (display: none, or jsdom) keeps the size it has. Returns the drawing-buffer
 * size and the ratio used.
 */
export function syncCanvasSize(
  canvas: HTMLCanvasElement,
  maxDimension = 8192,
): { width: number; height: number; dpr: number } {
  const dpr = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
  const cw = canvas.clientWidth;
  const ch = canvas.clientHeight;
  if (cw > 0 && ch > 0) {
    const w = Math.min(maxDimension, Math.max(1, Math.round(cw * dpr)));
    const h = Math.min(maxDimension, Math.max(1, Math.round(ch * dpr)));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
  }
  return { width: Math.max(1, canvas.width), height: Math.max(1, canvas.height), dpr };
}
