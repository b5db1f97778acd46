import type { ChaosSoakReport } from './run-chaos-soak.js'

/** The counts a soak ends with, one line per mode, then the seed that repeats the run. */
export function formatSoakReport(report: ChaosSoakReport): string[] {
  const d = report.deliveries
  const ratio = report.heapAfterMb / report.heapBeforeMb
  return [
    `[chaos ${report.sync} on ${report.store} x${report.instances}] ` +
      `operations ${report.operations.applied} applied / ${report.operations.refused} refused by Stripe / ` +
      `${report.operations.skipped} skipped; store writes ${report.storeWrites}, ${report.faultsInjected} failed by injection; ` +
      `heap ${report.heapBeforeMb.toFixed(1)} -> ${report.heapAfterMb.toFixed(1)} MB (after/before ${ratio.toFixed(2)}); ` +
      `${(report.durationMs / 1000).toFixed(1)} s (${(report.cpuMs / 1000).toFixed(1)} s of CPU)`,
    `[chaos ${report.sync}] events sent ${report.eventsSent}, deliveries ${d.attempts}, duplicates ${d.duplicates}, ` +
      `dropped ${d.dropped}, failed ${d.failed}, retried ${d.retried}, ` +
      `mismatches before reconcile ${report.mismatchesBeforeReconcile.length}, repaired by reconcile ${report.repairedByReconcile}, ` +
      `mismatches = ${report.mismatches.length}`,
    `[chaos ${report.sync}] seed ${report.seed}: CHAOS_SEED=${report.seed} pnpm test:chaos repeats these faults`,
  ]
}
