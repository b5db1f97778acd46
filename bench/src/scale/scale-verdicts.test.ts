import { describe, expect, it } from 'vitest'
import { mergeScaleVerdicts } from './scale-verdicts.js'

const verdict = (target: string, pass = true) => ({ target, value: '1.00x', pass })

describe('mergeScaleVerdicts', () => {
  it("keeps the verdicts of figures not run this time, and replaces the rerun figure's", () => {
    const previous = [verdict('status 304 >= 3x'), verdict('portal session own time p99 < 2 ms at 1 in flight', false)]
    const fresh = [verdict('portal session own time p99 < 2 ms at 1 in flight')]
    expect(mergeScaleVerdicts(previous, fresh, new Set(['portal']))).toEqual([previous[0], fresh[0]])
  })

  it('drops a kept verdict that names no figure, so a stale one cannot outlive its figure', () => {
    // The history figure's verdicts once began "ingest with …"; one of them, a MISS, rode along in every later run.
    const previous = [verdict('ingest with 1000000 events and 100000 subscriptions stored >= 0.9x empty', false)]
    const fresh = [verdict('history: ingest with 1000000 events and 100000 subscriptions stored >= 0.9x empty')]
    expect(mergeScaleVerdicts(previous, fresh, new Set(['history']))).toEqual(fresh)
    expect(mergeScaleVerdicts(previous, [], new Set(['status']))).toEqual([])
  })
})
