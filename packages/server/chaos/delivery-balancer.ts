import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Billing } from '../src/create-billing.js'
import type { FaultScope } from './fault-scope.js'

/** What one server instance answered to one webhook delivery. */
export interface DeliveryAnswer {
  eventId: string | null
  instance: number
  status: number
  /** Store faults injected while this delivery was served. */
  faults: number
  /** The handler threw instead of answering: a crash the error boundary should have caught. */
  threw: boolean
}

export interface DeliveryBalancer {
  /** The URL the emulator delivers to. */
  url: string
  answers: DeliveryAnswer[]
  close(): Promise<void>
}

/**
 * The load balancer in front of the app machines: each webhook delivery goes to one instance
 * picked by `random`, as a Web `Request` with the raw body and headers the emulator sent.
 */
export async function startDeliveryBalancer(
  instances: readonly Billing[],
  options: { appUrl: string; random: () => number; faultScope: FaultScope },
): Promise<DeliveryBalancer> {
  const answers: DeliveryAnswer[] = []
  const server = createServer(async (req, res) => {
    const body = await readAll(req)
    const instance = Math.floor(options.random() * instances.length)
    const billing = instances[instance] as Billing
    let status = 500
    let text = ''
    let threw = false
    const { faults } = await options.faultScope.count(async () => {
      try {
        const response = await billing.handler(
          new Request(`${options.appUrl}/api/billing/webhook`, {
            method: req.method,
            headers: headersOf(req),
            body: new Uint8Array(body),
          }),
        )
        status = response.status
        text = await response.text()
      } catch {
        threw = true
      }
    })
    answers.push({ eventId: eventIdOf(body), instance, status, faults, threw })
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/api/billing/webhook`,
    answers,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  return headers
}

function eventIdOf(body: Buffer): string | null {
  try {
    const id = (JSON.parse(body.toString('utf8')) as { id?: unknown }).id
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}
