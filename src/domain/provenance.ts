/** Where a value sits in the document it was read from: a PDF page and box (points, from the top left), or an HTML table cell (0-based positions in the page). */
export type CellProvenance =
  | { readonly kind: "PDF"; readonly page: number; readonly bbox: readonly [number, number, number, number] }
  | { readonly kind: "HTML"; readonly table: number; readonly row: number; readonly cell: number };
