import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type Stripe from 'stripe'
import { pushPortalConfiguration, seedPlans, seedPromotionCode, seedRetentionCoupon } from './seed-stripe'

export interface DemoOptions {
  port?: number
  mode?: 'production' | 'dev'
  emulatorPort?: number
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
}

export interface RunningDemo {
  url: string
  emulatorUrl: string | null
  stripe: Stripe
  stop(): Promise<void>
  /** Settles when the app or the emulator stops on its own (not through `stop()`), with the reason. */
  exited: Promise<string>
}

/** A failure the demo explains in one line: no stack trace is printed for it. */
export class DemoError extends Error {
  override name = 'DemoError'
}

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const repoDir = join(appDir, '..', '..')
const dataDir = join(appDir, '.data')
const kitPackages = ['core', 'ui', 'server', 'stripe-emulator']
const nextBin = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
const buildStampFile = join(appDir, '.next', 'demo-build-stamp')

/** Starts the emulator (unless STRIPE_SECRET_KEY is set), seeds Stripe, migrates the store and runs Next.js. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = { ...(options.env ?? process.env) }
  const log = options.log ?? (() => {})
  const mode = options.mode ?? 'production'
  const cleanups: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
  }
  try {
    const useStripe = Boolean(env.STRIPE_SECRET_KEY)
    if (useStripe) {
      if (!env.STRIPE_SECRET_KEY?.startsWith('sk_test_') && !env.STRIPE_SECRET_KEY?.startsWith('rk_test_')) {
        throw new DemoError(
          'STRIPE_SECRET_KEY must be a test-mode key (sk_test_...): the demo never runs on live mode.',
        )
      }
      if (!env.STRIPE_WEBHOOK_SECRET) {
        throw new DemoError(
          'STRIPE_WEBHOOK_SECRET is not set: run `stripe listen --forward-to localhost:3000/api/billing/webhook` and set it to the whsec_... it prints.',
        )
      }
    }

    const port = await reservePort(options.port ?? 3000, 'app')
    await buildKitIfStale(log)
    const { createStripeClient } = await import('@portal-kit/server')

    const appUrl = `http://localhost:${port}`
    const webhookUrl = `http://127.0.0.1:${port}/api/billing/webhook`

    let emulatorUrl: string | null = null
    let emulatorExited: Promise<string> = new Promise(() => {})
    if (!useStripe) {
      const emulator = await startLocalEmulator(options.emulatorPort ?? 12111, webhookUrl, env, log)
      emulatorUrl = emulator.url
      emulatorExited = emulator.exited
      env.STRIPE_API_BASE = emulator.url
      env.STRIPE_WEBHOOK_SECRET = emulator.webhookSecret
      delete env.STRIPE_SECRET_KEY
      cleanups.push(emulator.close)
    }
    const stripe = createStripeClient({ apiKey: env.STRIPE_SECRET_KEY ?? '', apiBase: env.STRIPE_API_BASE ?? '' })

    log('Seeding products, prices, a promotion code, a retention coupon and the portal configuration...')
    const [plans] = await Promise.all([
      seedPlans(stripe),
      seedPromotionCode(stripe),
      seedRetentionCoupon(stripe),
    ]).catch((error: unknown) => {
      throw new DemoError(`Could not seed Stripe: ${errorMessage(error)}`)
    })
    env.DEMO_PLANS = JSON.stringify(plans.names)
    env.DEMO_PORTAL_CONFIGURATION = await pushPortalConfiguration(appDir, plans, env).catch((error: unknown) => {
      throw new DemoError(errorMessage(error))
    })

    await migrateStore(env, log)

    if (mode === 'production') await buildAppIfStale(env, log)
    const next = startNext(mode, port, env, log)
    cleanups.push(next.stop)
    await waitUntilAnswering(`http://127.0.0.1:${port}/sign-in`, next, mode === 'dev' ? 120_000 : 60_000)
    log(`Acme Notes is running at ${appUrl}`)

    return {
      url: appUrl,
      emulatorUrl,
      stripe,
      stop: stopAll,
      exited: Promise.race([next.exited, emulatorExited]),
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] || error.name : String(error)
}

/** The newest modification time of the files below `path` that a build reads (tests and stories are not). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return /\.(test|test-d|stories)\.tsx?$/.test(path) ? 0 : stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

/** The kit is consumed through its built `dist`, as a user would; build it when missing or older than `src`. */
async function buildKitIfStale(log: (line: string) => void): Promise<void> {
  const stale = kitPackages.filter((name) => {
    const dir = join(repoDir, 'packages', name)
    const built = join(dir, 'dist', 'index.js')
    return !existsSync(built) || newestMtime(join(dir, 'src')) > statSync(built).mtimeMs
  })
  if (stale.length === 0) return
  log(`Building the kit (${stale.join(', ')})...`)
  await run('pnpm', ['build'], repoDir, process.env, 'Building the kit packages (pnpm build)')
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk
    })
    child.on('error', (error) => reject(new DemoError(`${what} could not start: ${error.message}`)))
    child.on('exit', (code) => {
      if (code === 0) resolve(output)
      else {
        process.stderr.write(output)
        reject(new DemoError(`${what} failed (exit code ${code}); its output is above.`))
      }
    })
  })
}

/** A free port: the one asked for (refused with one line when taken), or any when 0. */
function reservePort(port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new DemoError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is already in use; stop what runs there or choose another port for the ${what} (--port / --emulator-port).`
            : `Cannot listen on port ${port} for the ${what}: ${error.message}`,
        ),
      )
    })
    server.listen(port, () => {
      const address = server.address()
      const chosen = typeof address === 'object' && address ? address.port : port
      server.close(() => resolve(chosen))
    })
  })
}

interface LocalEmulator {
  url: string
  webhookSecret: string
  exited: Promise<string>
  close(): Promise<void>
}

/**
 * The emulator in this process, its state kept in `.data/emulator-state.json` so a second start finds its
 * customers and subscriptions again. With STRIPE_API_BASE already set, that emulator is used instead and
 * must answer.
 */
async function startLocalEmulator(
  port: number,
  webhookUrl: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<LocalEmulator> {
  const { generateWebhookSecret, startEmulator } = await import('@portal-kit/stripe-emulator')
  if (env.STRIPE_API_BASE) {
    const url = env.STRIPE_API_BASE.replace(/\/$/, '')
    const answers = await fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(3000) })
      .then((res) => res.ok)
      .catch(() => false)
    if (!answers) throw new DemoError(`The Stripe emulator at ${url} (STRIPE_API_BASE) does not answer.`)
    if (!env.STRIPE_WEBHOOK_SECRET) {
      throw new DemoError(
        `STRIPE_WEBHOOK_SECRET is not set for the emulator at ${url}: start it with --webhook ${webhookUrl} --webhook-secret whsec_... and set the same secret.`,
      )
    }
    log(`Using the Stripe emulator at ${url}`)
    return { url, webhookSecret: env.STRIPE_WEBHOOK_SECRET, exited: watchEmulator(url), close: async () => {} }
  }
  const chosen = await reservePort(port, 'Stripe emulator')
  const webhookSecret = generateWebhookSecret()
  log('Starting the Stripe emulator...')
  const emulator = await startEmulator({
    port: chosen,
    stateFile: join(dataDir, 'emulator-state.json'),
    webhookEndpoints: [{ url: webhookUrl, secret: webhookSecret }],
    // After the last failed retry the subscription turns unpaid (read-only access) instead of canceled.
    settings: { businessName: 'Acme Notes', afterFinalFailure: 'unpaid' },
  }).catch((error: unknown) => {
    throw new DemoError(`The Stripe emulator could not start: ${errorMessage(error)}`)
  })
  log(`Stripe emulator at ${emulator.url}`)
  const watch = new AbortController()
  return {
    url: emulator.url,
    webhookSecret,
    exited: watchEmulator(emulator.url, watch.signal),
    close: async () => {
      watch.abort()
      await emulator.close()
    },
  }
}

/** Settles when the emulator stops answering its health check twice in a row. */
function watchEmulator(url: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    let misses = 0
    const timer = setInterval(async () => {
      const ok = await fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(2000) })
        .then((res) => res.ok)
        .catch(() => false)
      if (signal?.aborted) return
      misses = ok ? 0 : misses + 1
      if (misses >= 2) {
        clearInterval(timer)
        resolve(`The Stripe emulator at ${url} stopped answering.`)
      }
    }, 2000)
    timer.unref()
    signal?.addEventListener('abort', () => clearInterval(timer))
  })
}

/** Creates or upgrades the billing tables, which also proves the database is reachable. */
async function migrateStore(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const store = env.DATABASE_URL
    ? (await import('@portal-kit/server/postgres')).postgresStore({ connectionString: env.DATABASE_URL })
    : (await import('@portal-kit/server/pglite')).pgliteStore({ dataDir: join(dataDir, 'portal-kit') })
  log(env.DATABASE_URL ? 'Migrating the Postgres store...' : 'Migrating the PGlite store in apps/demo/.data...')
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within 15 s')), 15_000)
  })
  try {
    await Promise.race([store.migrate(), timeout])
  } catch (error) {
    const where = env.DATABASE_URL ? `Postgres (DATABASE_URL=${redactUrl(env.DATABASE_URL)})` : 'the PGlite store'
    throw new DemoError(`Cannot reach ${where}: ${errorMessage(error)}`)
  } finally {
    clearTimeout(timer)
    // PGlite allows one process per directory: close it before Next.js opens it.
    await Promise.race([store.close(), new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => {})
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'an unparsable URL'
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

/** A hash of what the production build depends on: the app's sources and the kit's built output. */
function buildStamp(): string {
  const hash = createHash('sha256')
  const sources = [
    ...listFiles(join(appDir, 'app')),
    ...listFiles(join(appDir, 'lib')),
    ...['next.config.ts', 'package.json', 'tsconfig.json'].map((file) => join(appDir, file)),
  ].sort()
  for (const file of sources) hash.update(relative(appDir, file)).update(readFileSync(file))
  for (const name of kitPackages) hash.update(`${name}:${newestMtime(join(repoDir, 'packages', name, 'dist'))}`)
  hash.update(readFileSync(join(appDir, 'node_modules', 'next', 'package.json')))
  return hash.digest('hex')
}

async function buildAppIfStale(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const stamp = buildStamp()
  const built = existsSync(join(appDir, '.next', 'BUILD_ID')) && existsSync(buildStampFile)
  if (built && readFileSync(buildStampFile, 'utf8') === stamp) {
    log('The production build is up to date.')
    return
  }
  log('Building the app (next build)...')
  await run(process.execPath, [nextBin, 'build'], appDir, nextEnv(env), 'next build')
  writeFileSync(buildStampFile, stamp)
}

function nextEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // next sets NODE_ENV itself for build, start and dev; an inherited one would fight it.
  const childEnv: NodeJS.ProcessEnv = { ...env, NEXT_TELEMETRY_DISABLED: '1' }
  Reflect.deleteProperty(childEnv, 'NODE_ENV')
  return childEnv
}

interface NextProcess {
  child: ChildProcess
  output(): string
  exited: Promise<string>
  stop(): Promise<void>
}

function startNext(mode: 'production' | 'dev', port: number, env: NodeJS.ProcessEnv, log: (line: string) => void) {
  log(mode === 'dev' ? 'Starting next dev...' : 'Starting next start...')
  // Its own process group, so stopping it also stops the workers next dev starts.
  const child = spawn(process.execPath, [nextBin, mode === 'dev' ? 'dev' : 'start', '-p', String(port)], {
    cwd: appDir,
    env: { ...nextEnv(env), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  let stopping = false
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) resolve(`Next.js exited (${signal ?? `code ${code}`}).`)
    })
  })
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal)
    } catch {
      // Already gone.
    }
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      stopping = true
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup('SIGKILL')
        return resolve()
      }
      // next start waits for open keep-alive connections on SIGTERM; don't let that hold the ports.
      const kill = setTimeout(() => killGroup('SIGKILL'), 5_000)
      child.once('exit', () => {
        clearTimeout(kill)
        killGroup('SIGKILL')
        resolve()
      })
      killGroup('SIGTERM')
    })
  return { child, output: () => output, exited, stop } satisfies NextProcess
}

async function waitUntilAnswering(url: string, next: NextProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (next.child.exitCode !== null) {
      process.stderr.write(next.output())
      throw new DemoError(`Next.js exited with code ${next.child.exitCode} before answering; its output is above.`)
    }
    const answered = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) })
      .then((res) => res.status < 500)
      .catch(() => false)
    if (answered) return
    if (Date.now() > deadline) {
      process.stderr.write(next.output())
      throw new DemoError(`Next.js did not answer at ${url} within ${timeoutMs / 1000} s; its output is above.`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
