// What each measurement hands back: a table to print, the targets it checks, and its raw figures
// for bench/results.json.

export interface Target {
  name: string;
  value: number;
  /** The value passes when it is at most this (or below it, when `strict`). */
  limit: number;
  strict?: boolean;
  pass: boolean;
}

export function target(name: string, value: number, limit: number, options: { strict?: boolean } = {}): Target {
  return { name, value, limit, ...options, pass: options.strict ? value < limit : value <= limit };
}

export interface Section {
  title: string;
  columns: string[];
  rows: string[][];
  /** How it was measured and what to read into it, printed under the table. */
  notes: string[];
  targets: Target[];
  figures: unknown;
}

/** A Markdown table, so the printed output can go into README.md as it is. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export const ms = (value: number) => value.toFixed(1);
export const ratio = (value: number) => value.toFixed(2);
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KiB`;
export const verdict = (pass: boolean) => (pass ? 'pass' : 'MISS');
