import type Stripe from 'stripe'

export interface LoadResult {
  /** Per-request latency in ms, from building the Request to reading the whole Response. */
  latencies: number[]
  elapsedMs: number
  /** CPU time this process spent meanwhile (user + system), ms: the handler's share of the work. */
  cpuMs: number
  failures: { status: number; body: string }[]
}

/**
 * Sends `payloads` to `handler` with `concurrency` requests in flight, each signed just before it
 * is sent so its timestamp is fresh, and collects latencies and non-2xx answers.
 */
export async function driveLoad(options: {
  handler: (req: Request) => Promise<Response>
  payloads: readonly string[]
  concurrency: number
  stripe: Stripe
  webhookSecret: string
}): Promise<LoadResult> {
  const { handler, payloads, stripe, webhookSecret } = options
  const latencies: number[] = []
  const failures: LoadResult['failures'] = []
  let next = 0
  const worker = async () => {
    for (;;) {
      const index = next++
      const payload = payloads[index]
      if (payload === undefined) return
      const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret })
      const started = performance.now()
      const response = await handler(
        new Request('https://app.example/api/billing/webhook', {
          method: 'POST',
          headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
          body: payload,
        }),
      )
      const body = await response.text()
      latencies.push(performance.now() - started)
      if (response.status < 200 || response.status >= 300) failures.push({ status: response.status, body })
    }
  }
  const started = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const used = process.cpuUsage(cpu)
  return { latencies, elapsedMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, failures }
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}
