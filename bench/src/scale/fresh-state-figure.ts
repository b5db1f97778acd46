import { readFileSync } from 'node:fs'

/** What `pnpm bench:fresh-state` wrote to results/fresh-state.json (the fields the report reads). */
interface FreshStateResult {
  measuredAt: string
  runsPerMode: number
  returnToFreshCardMs: { syncOnReturn: { median: number }; polling: { median: number } }
  targets: { syncMedianUnderMs: number; syncMedianMet: boolean; pollingOverSyncAtLeast: number; ratioMet: boolean }
}

export interface FreshStateFigure {
  measuredAt: string
  runsPerJourney: number
  syncOnReturnMedianMs: number
  pollingMedianMs: number
  pollingOverSync: number
  verdicts: { target: string; value: string; pass: boolean }[]
}

/**
 * Issue 12, target 8: the time to fresh state after the portal, from the demo's browser journeys.
 * They need a production build of the demo and Chromium, so `pnpm bench` reads their last result
 * rather than running them; null when `pnpm bench:fresh-state` has not written one.
 */
export function readFreshStateFigure(file: URL): FreshStateFigure | null {
  let result: FreshStateResult
  try {
    result = JSON.parse(readFileSync(file, 'utf8')) as FreshStateResult
  } catch {
    return null
  }
  const sync = result.returnToFreshCardMs.syncOnReturn.median
  const polling = result.returnToFreshCardMs.polling.median
  return {
    measuredAt: result.measuredAt,
    runsPerJourney: result.runsPerMode,
    syncOnReturnMedianMs: sync,
    pollingMedianMs: polling,
    pollingOverSync: polling / sync,
    verdicts: [
      {
        target: `time to fresh state, sync-on-return median < ${result.targets.syncMedianUnderMs} ms`,
        value: `${sync} ms`,
        pass: sync < result.targets.syncMedianUnderMs,
      },
      {
        target: `time to fresh state, polling median >= ${result.targets.pollingOverSyncAtLeast}x sync-on-return`,
        value: `${(polling / sync).toFixed(2)}x (${polling} ms)`,
        pass: polling / sync >= result.targets.pollingOverSyncAtLeast,
      },
    ],
  }
}
