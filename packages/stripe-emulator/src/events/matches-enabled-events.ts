/** Whether an endpoint subscribed to `enabledEvents` receives an event of `type` (`*` means all). */
export function matchesEnabledEvents(enabledEvents: readonly string[] | undefined, type: string): boolean {
  if (!enabledEvents || enabledEvents.length === 0) return true
  return enabledEvents.includes('*') || enabledEvents.includes(type)
}
