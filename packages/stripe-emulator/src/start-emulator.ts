import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { controlRoutes } from './control/control-routes.js'
import { parseEmulatorSettings, parseWebhookDeliverySettings } from './control/parse-settings.js'
import { Emulator, type EmulatorSettings } from './emulator.js'
import { applyChaosSettings, type ChaosSettings, parseChaosSettings } from './events/chaos-settings.js'
import type { WebhookDeliverySettings, WebhookEndpointConfig } from './events/webhook-dispatcher.js'
import { ApiRouter } from './http/router.js'
import { pageRoutes } from './pages/page-routes.js'
import { apiRoutes } from './resources/api-routes.js'
import { type SchedulerSettings, startDueWorkScheduler } from './server/due-work-scheduler.js'
import { handleApiRequest } from './server/handle-api-request.js'
import { handlePageRequest } from './server/handle-page-request.js'
import { isLoopbackAddress } from './server/is-loopback-address.js'
import { readStateFile, stateFileSaver } from './server/state-file.js'

export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Interface to bind; default `127.0.0.1`. */
  host?: string
  /** Endpoints that receive every event, signed with their secret, in addition to ones created through the API. */
  webhookEndpoints?: WebhookEndpointConfig[]
  /** Retry schedule and time-out of webhook delivery. */
  webhookDelivery?: Partial<WebhookDeliverySettings>
  /**
   * JSON file the state is loaded from at start and saved to shortly after changes (bursts coalesced, saves
   * spaced by how long the last took, so a large state stays fast) and on close.
   * A file that cannot be read makes `startEmulator` reject with a `StateFileError`.
   */
  stateFile?: string
  chaos?: Partial<ChaosSettings>
  settings?: Partial<EmulatorSettings>
  /** Answer `/_emulator/*` controls from any address, not only loopback (e.g. inside Docker). Default false. */
  allowRemoteControls?: boolean
  /**
   * Renew, retry and end subscriptions on no test clock as real time reaches them. Default on, except under a test
   * runner (`VITEST` or `NODE_ENV=test` set); `startTestEmulator` turns it on only when asked.
   */
  scheduler?: boolean | Partial<SchedulerSettings>
}

export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:12111`. Point the SDK at it with `host`, `port`, `protocol: 'http'`. */
  url: string
  port: number
  /** The live emulator, for tests that inspect state directly. */
  emulator: Emulator
  close(): Promise<void>
}

/** Starts a local, stateful Stripe API on a port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator({
    settings: parseEmulatorSettings(options.settings ?? {}),
    webhookEndpoints: [...(options.webhookEndpoints ?? [])],
  })
  applyChaosSettings(emulator.chaos, parseChaosSettings(options.chaos ?? {}))
  Object.assign(emulator.webhooks.settings, parseWebhookDeliverySettings(options.webhookDelivery ?? {}))
  const stateFile = options.stateFile
  if (stateFile) {
    const saved = readStateFile(stateFile)
    if (saved) emulator.state.load(saved)
  }
  const saver = stateFile ? stateFileSaver(stateFile, () => emulator.state.serialize()) : undefined
  if (saver) emulator.onChange(() => saver.changed())

  const scheduler = schedulerSettings(options.scheduler)
  const dueWork = scheduler ? startDueWorkScheduler(emulator, scheduler) : undefined

  const router = new ApiRouter().add(...apiRoutes)
  const pages = [...controlRoutes, ...pageRoutes]
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url?.startsWith('/') ? req.url : '/', 'http://localhost')
    if (url.pathname.startsWith('/v1/')) return handleApiRequest(emulator, router, req, res, url)
    if (url.pathname.startsWith('/_emulator/')) {
      if (!options.allowRemoteControls && !isLoopbackAddress(req.socket.remoteAddress)) {
        return sendJson(res, 403, 'The /_emulator controls only answer requests from this machine.')
      }
      if (await handlePageRequest(emulator, controlRoutes, req, res, url)) return
      return sendJson(res, 404, `No emulator control ${req.method} ${url.pathname}.`)
    }
    if (await handlePageRequest(emulator, pages, req, res, url)) return
    await handleApiRequest(emulator, router, req, res, url)
  }
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error('[stripe-emulator] request failed', error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  server.keepAliveTimeout = 5_000
  server.on('clientError', answerUnparsableRequest)

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  emulator.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  let closing: Promise<void> | undefined
  return {
    url: emulator.url,
    port,
    emulator,
    close() {
      closing ??= (async () => {
        dueWork?.stop()
        await emulator.webhooks.close()
        saver?.flush()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      })()
      return closing
    },
  }
}

function schedulerSettings(option: EmulatorOptions['scheduler']): SchedulerSettings | undefined {
  const underTest = Boolean(process.env.VITEST) || process.env.NODE_ENV === 'test'
  if (option === false || (option === undefined && underTest)) return undefined
  const intervalMs = (typeof option === 'object' ? option.intervalMs : undefined) ?? 1000
  if (!Number.isFinite(intervalMs) || intervalMs < 10) {
    throw new Error(`scheduler.intervalMs must be a number of milliseconds, 10 or more; got ${intervalMs}.`)
  }
  return { intervalMs }
}

function sendJson(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ error: { message } }))
}

/** Requests Node cannot parse (raw non-ASCII in the URL, broken headers) still get a Stripe-shaped JSON error. */
function answerUnparsableRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const body = JSON.stringify({
    error: {
      type: 'invalid_request_error',
      message: `The request could not be parsed (${error.code ?? 'bad request'}).`,
    },
  })
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  )
}
