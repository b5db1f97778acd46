/** `POST /_emulator/reset` on the emulator at `url`: forgets every object, event and delivery. */
export async function resetEmulator(url: string): Promise<void> {
  const response = await fetch(new URL('/_emulator/reset', url), { method: 'POST' })
  if (!response.ok) throw new Error(`Resetting the emulator at ${url} failed: ${response.status}`)
}

/**
 * `POST /_emulator/webhooks/flush` on the emulator at `url`: resolves once every queued webhook delivery has been
 * answered or given up, and rejects after `timeoutMs`.
 */
export async function waitForWebhooks(url: string, timeoutMs = 30_000): Promise<void> {
  const response = await fetch(new URL(`/_emulator/webhooks/flush?timeoutMs=${timeoutMs}`, url), { method: 'POST' })
  if (!response.ok) {
    throw new Error(`Webhooks of the emulator at ${url} still pending after ${timeoutMs} ms: ${await response.text()}`)
  }
}
