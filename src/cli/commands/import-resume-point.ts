/**
 * The line a resumed import may skip to (`--skip`): every line up to it is settled, that is
 * stored, refused or blank. A batch's requests run at once and finish in any order, and one
 * may fail while later ones succeed, so the point advances only over an unbroken run of
 * settled lines: a line stored after one that is not is no place to resume from.
 */
export class ResumePoint {
  #through: number
  /** Settled lines past the point, waiting for the lines before them. */
  readonly #settledAhead = new Set<number>()

  /** Lines up to `skipped` were settled by an earlier run. */
  constructor(skipped: number) {
    this.#through = skipped
  }

  /** Every line up to this one is settled. */
  get through(): number {
    return this.#through
  }

  settle(line: number): void {
    if (line <= this.#through) return
    this.#settledAhead.add(line)
    while (this.#settledAhead.delete(this.#through + 1)) this.#through++
  }
}
