import { describe, expect, it } from 'vitest'
import { ResumePoint } from '../../src/cli/commands/import-resume-point.js'

describe('ResumePoint', () => {
  it('moves only over an unbroken run of settled lines, in whatever order they settle', () => {
    // Prepare
    const point = new ResumePoint(10)

    // Act, Assess: lines 11 to 15 settle out of order, as a batch's requests finish.
    point.settle(13)
    point.settle(12)
    expect(point.through).toBe(10)
    point.settle(11)
    expect(point.through).toBe(13)
    point.settle(15)
    expect(point.through).toBe(13)
    point.settle(14)
    expect(point.through).toBe(15)
  })

  it('stays before a line that never settles, however many settle after it', () => {
    // Prepare
    const point = new ResumePoint(0)

    // Act
    for (const line of [1, 2, 4, 5, 6, 7]) point.settle(line)
    point.settle(2)

    // Assess
    expect(point.through).toBe(2)
  })
})
