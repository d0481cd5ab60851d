/** Point-in-polygon (even–odd rule) in relative coordinates. */
export function insidePolygon(x: number, y: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Where an object stands: the bottom centre of its box (a person's feet), which is what a zone
 * drawn on the floor of a kitchen or a corridor means. Small objects (a phone, a cat on a
 * counter) use the centre of the box instead.
 */
export function anchorPoint(box: readonly [number, number, number, number], label: string): [number, number] {
  const [x1, y1, x2, y2] = box;
  const cx = (x1 + x2) / 2;
  return label === 'person' ? [cx, y2] : [cx, (y1 + y2) / 2];
}
