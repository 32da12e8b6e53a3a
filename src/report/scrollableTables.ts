// Wide tables on a narrow screen: each table of the HTML report is put in a box that scrolls
// sideways, so a table wider than a phone scrolls by itself instead of widening the whole page.
// Done on the rendered page rather than in the template, so that every table gets its box,
// including tables added to the template later.

export const TABLE_SCROLL_CLASS = 'table-scroll';

/**
 * `html` with every <table>…</table> inside <div class="table-scroll">. Only the template writes
 * tags: text from the data is escaped by EJS (no `<` left in it), and the charts' SVG holds no
 * table, so every `<table` and `</table>` found is the template's.
 */
export function scrollableTables(html: string): string {
  return html.replace(/<table\b/g, `<div class="${TABLE_SCROLL_CLASS}"><table`).replace(/<\/table>/g, '</table></div>');
}
