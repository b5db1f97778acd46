import { describe, expect, it } from 'vitest'
import { formatSoakReport } from './format-soak-report.js'
import { runChaosSoak } from './run-chaos-soak.js'
import { soakSettings } from './soak-settings.js'

const settings = soakSettings()
console.log(`chaos seed ${settings.seed} (CHAOS_SEED=${settings.seed} pnpm test:chaos repeats it)`)

/** At most this many problems of a kind are printed; the count says how many there were. */
const shown = 20

describe.each(['fetch', 'payload'] as const)(
  'in %s sync mode, with webhooks duplicated, reordered, delayed and dropped and 2% of store writes failing',
  (sync) => {
    it('loses nothing: the store ends equal to Stripe, onEvent ran once per acknowledged event, every failed delivery was retried', async ({
      task,
    }) => {
      const report = await runChaosSoak({ ...settings, sync, writeFaultRate: 0.02 })
      task.meta.chaosSummary = formatSoakReport(report)
      for (const line of formatSoakReport(report)) console.log(line)
      if (report.mismatchesBeforeReconcile.length > 0) {
        console.log(`before reconcile:\n  ${report.mismatchesBeforeReconcile.slice(0, shown).join('\n  ')}`)
      }

      expect(report.crashes).toBe(0)
      expect(report.unexplainedErrors.slice(0, shown)).toEqual([])
      expect(report.unsettledDeliveries.slice(0, shown)).toEqual([])
      expect(report.onEventProblems.slice(0, shown)).toEqual([])
      // No delivery is lost for good (drops are retried), so webhooks alone must already agree with Stripe.
      expect(report.mismatchesBeforeReconcile.slice(0, shown)).toEqual([])
      expect(report.mismatches.slice(0, shown)).toEqual([])
      // Chaos and faults really happened, or the run proves nothing.
      expect(report.deliveries.duplicates).toBeGreaterThan(0)
      expect(report.deliveries.dropped).toBeGreaterThan(0)
      expect(report.faultsInjected).toBeGreaterThan(0)
      // The emulator's state is dropped before measuring; what remains is the server's and must not pile up.
      expect(report.heapAfterMb / report.heapBeforeMb).toBeLessThan(2)
    })
  },
)
