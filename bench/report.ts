import { median, round } from './stats.js'

/** A markdown table. */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n')
}

export interface Target {
  readonly name: string
  readonly value: number
  /** The value must be at least this (or, with `atMost`, at most). */
  readonly bound: number
  readonly atMost?: boolean
  readonly unit: 'x' | 'ms'
}

export function isMet({ value, bound, atMost }: Target): boolean {
  return atMost ? value <= bound : value >= bound
}

export function formatTargetValue(target: Target, value = target.value): string {
  return target.unit === 'x' ? ratioText(value) : `${round(value, 1)} ms`
}

export function ratioText(value: number): string {
  return `${round(value, 2)}x`
}

/** The median of per-round ratios a[i] / b[i]: each pair ran back to back, free of drift. */
export function pairedRatio(
  numerators: readonly number[],
  denominators: readonly number[],
): number {
  return median(numerators.map((value, index) => value / (denominators[index] ?? Number.NaN)))
}

/** One benchmark's contribution: markdown for the report, targets for the summary. */
export interface SectionResult {
  readonly title: string
  readonly markdown: string
  readonly targets: readonly Target[]
  readonly skipped: readonly string[]
}
