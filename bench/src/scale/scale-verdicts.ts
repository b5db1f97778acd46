export type Verdict = { target: string; value: string; pass: boolean }

/** The figures of the scale bench; every verdict's target begins with its figure's name. */
export const scaleFigures = ['emulator', 'status', 'portal', 'reconcile', 'history'] as const

/**
 * The verdicts `results/latest.json` keeps after a run of some figures: those of the figures not rerun, then this
 * run's. A kept verdict whose target names no figure (written in an older format) is dropped, so it cannot ride
 * along with every later run.
 */
export function mergeScaleVerdicts(
  previous: readonly Verdict[],
  fresh: readonly Verdict[],
  rerun: ReadonlySet<string>,
) {
  const figureOf = (v: Verdict) => v.target.split(/[ :]/)[0] as string
  const kept = previous.filter(
    (v) => (scaleFigures as readonly string[]).includes(figureOf(v)) && !rerun.has(figureOf(v)),
  )
  return [...kept, ...fresh]
}
