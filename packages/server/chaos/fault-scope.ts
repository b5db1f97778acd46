import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Counts the faults injected while one request is served (across its awaits), so a 5xx can be
 * told apart: one a fault explains, or a bug.
 */
export class FaultScope {
  private readonly scopes = new AsyncLocalStorage<{ faults: number }>()

  /** Notes a fault in the request being served, if any. */
  note(): void {
    const scope = this.scopes.getStore()
    if (scope) scope.faults++
  }

  async count<T>(serve: () => Promise<T>): Promise<{ result: T; faults: number }> {
    const scope = { faults: 0 }
    const result = await this.scopes.run(scope, serve)
    return { result, faults: scope.faults }
  }
}
