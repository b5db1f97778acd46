import type { Reporter, TestCase } from 'vitest/node'

/** Prints the soak's counts after vitest's own summary, so they are the last lines of the run. */
export default class ChaosSummaryReporter implements Reporter {
  private readonly lines: string[] = []

  onTestCaseResult(testCase: TestCase): void {
    this.lines.push(...(testCase.meta().chaosSummary ?? []))
  }

  onTestRunEnd(): void {
    if (this.lines.length > 0) console.log(`\n${this.lines.join('\n')}`)
  }
}

declare module 'vitest' {
  interface TaskMeta {
    chaosSummary?: string[]
  }
}
