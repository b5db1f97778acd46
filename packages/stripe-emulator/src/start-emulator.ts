import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { controlRoutes } from './control/control-routes.js'
import { Emulator, type EmulatorSettings } from './emulator.js'
import type { ChaosSettings } from './events/chaos-settings.js'
import type { WebhookEndpointConfig } from './events/webhook-dispatcher.js'
import { ApiRouter } from './http/router.js'
import { pageRoutes } from './pages/page-routes.js'
import { apiRoutes } from './resources/api-routes.js'
import { handleApiRequest } from './server/handle-api-request.js'
import { handlePageRequest } from './server/handle-page-request.js'
import type { SerializedState } from './state/emulator-state.js'

export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Interface to bind; default `127.0.0.1`. */
  host?: string
  /** Endpoints that receive every event, signed with their secret, in addition to ones created through the API. */
  webhookEndpoints?: WebhookEndpointConfig[]
  /** JSON file the state is loaded from at start and saved to after each change. */
  stateFile?: string
  chaos?: Partial<ChaosSettings>
  settings?: Partial<EmulatorSettings>
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
  const emulator = new Emulator({ settings: options.settings, webhookEndpoints: options.webhookEndpoints })
  Object.assign(emulator.chaos, options.chaos)
  const stateFile = options.stateFile
  if (stateFile && existsSync(stateFile)) {
    emulator.state.load(JSON.parse(readFileSync(stateFile, 'utf8')) as SerializedState)
  }
  let saveTimer: NodeJS.Timeout | undefined
  const save = () => {
    if (!stateFile) return
    const tmp = `${stateFile}.tmp`
    writeFileSync(tmp, JSON.stringify(emulator.state.serialize()))
    renameSync(tmp, stateFile)
  }
  if (stateFile) {
    emulator.onChange(() => {
      clearTimeout(saveTimer)
      saveTimer = setTimeout(save, 50)
    })
  }

  const router = new ApiRouter().add(...apiRoutes)
  const pages = [...controlRoutes, ...pageRoutes]
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const done = url.pathname.startsWith('/v1/')
      ? handleApiRequest(emulator, router, req, res, url)
      : handlePageRequest(emulator, pages, req, res, url).then(async (handled) => {
          if (!handled) await handleApiRequest(emulator, router, req, res, url)
        })
    done.catch((error: unknown) => {
      console.error('[stripe-emulator] request failed', error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  server.keepAliveTimeout = 5_000

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  emulator.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  return {
    url: emulator.url,
    port,
    emulator,
    async close() {
      clearTimeout(saveTimer)
      await emulator.webhooks.close()
      save()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
