import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  body: string
  /** The event as `stripe.webhooks.constructEvent` returned it, or null if the signature did not verify. */
  event: Stripe.Event | null
  verificationError: string | null
}

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  /** Ids of the verified events, in arrival order. */
  eventIds(): string[]
  /** The verified events, in arrival order (a duplicate delivery appears twice). */
  events(): Stripe.Event[]
  /** Forgets what was received. */
  clear(): void
  close(): Promise<void>
}

/**
 * A tiny HTTP server standing in for an app's webhook route: it verifies every
 * request with the official `stripe.webhooks.constructEvent` and answers with `respond(n)` (n counts from 1);
 * a `respond` that returns `'hang'` never answers.
 */
export async function startWebhookReceiver(
  secret: string,
  respond: (requestNumber: number, body: string) => number | 'hang' = () => 200,
): Promise<WebhookReceiver> {
  const stripe = new Stripe('sk_test_receiver')
  const received: ReceivedWebhook[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let event: Stripe.Event | null = null
      let verificationError: string | null = null
      try {
        event = stripe.webhooks.constructEvent(body, String(req.headers['stripe-signature']), secret)
      } catch (error) {
        verificationError = (error as Error).message
      }
      received.push({ headers: req.headers, body, event, verificationError })
      const status = respond(received.length, body)
      if (status === 'hang') return
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end('{"received":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    eventIds: () => received.flatMap((r) => (r.event ? [r.event.id] : [])),
    events: () => received.flatMap((r) => (r.event ? [r.event] : [])),
    clear: () => {
      received.length = 0
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
