import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Stripe from 'stripe'
import { build } from 'tsup'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { stripeFor } from './testing/emulator-client.js'
import { startWebhookReceiver } from './testing/webhook-receiver.js'

// The CLI is built from the current source into the package's node_modules (so `stripe` resolves),
// and run with plain node, as `pnpm emulator` runs dist/cli.js.
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const outDir = join(packageDir, 'node_modules', '.cache', `cli-test-${process.pid}`)
const cliPath = join(outDir, 'cli.js')
const children: ChildProcess[] = []
let tmp: string

beforeAll(async () => {
  await build({
    entry: { cli: join(packageDir, 'src/cli.ts') },
    outDir,
    format: ['esm'],
    target: 'node20',
    external: ['stripe'],
    config: false,
    silent: true,
    dts: false,
  })
  tmp = mkdtempSync(join(tmpdir(), 'stripe-emulator-cli-'))
}, 60_000)

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true })
  rmSync(tmp, { recursive: true, force: true })
})

interface RunningCli {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
}

function runCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, stdout: () => stdout, stderr: () => stderr, exit }
}

/** Resolves with the first stdout line matching `pattern`, or rejects when the process exits first. */
function waitForLine(cli: RunningCli, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(cli.stdout())
      if (match) {
        cli.child.stdout?.off('data', check)
        resolve(match)
      }
    }
    cli.child.stdout?.on('data', check)
    cli.exit.then((code) => reject(new Error(`CLI exited with ${code}: ${cli.stderr()}`)))
    check()
  })
}

describe('stripe-emulator CLI', () => {
  it('prints its URL, serves the API to the SDK and exits 0 on SIGTERM', async () => {
    const cli = runCli(['--port', '0'])
    const [, url] = await waitForLine(cli, /listening on (http:\/\/\S+)/)
    const stripe = stripeFor(url as string)
    const customer = await stripe.customers.create({ email: 'cli@example.com' })
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id)

    cli.child.kill('SIGTERM')
    expect(await cli.exit).toBe(0)
  })

  it('sends signed webhooks to --webhook with --webhook-secret', async () => {
    const secret = 'whsec_cli_test'
    const receiver = await startWebhookReceiver(secret)
    try {
      const cli = runCli(['--port', '0', '--webhook', receiver.url, '--webhook-secret', secret])
      const [, url] = await waitForLine(cli, /listening on (http:\/\/\S+)/)
      await stripeFor(url as string).customers.create()
      const flushed = await fetch(`${url}/_emulator/webhooks/flush`, { method: 'POST' })
      expect(flushed.status).toBe(200)
      expect(receiver.received.map((r) => [r.event?.type, r.verificationError])).toEqual([['customer.created', null]])
      cli.child.kill('SIGTERM')
      expect(await cli.exit).toBe(0)
    } finally {
      await receiver.close()
    }
  })

  it('prints a generated signing secret when --webhook has none, and signs with it', async () => {
    const receiver = await startWebhookReceiver('whsec_not_known_yet')
    try {
      const cli = runCli(['--port', '0', '--webhook', receiver.url])
      const [, url] = await waitForLine(cli, /listening on (http:\/\/\S+)/)
      const [, secret] = await waitForLine(cli, /webhook signing secret: (whsec_\w+)/)
      expect(secret).toMatch(/^whsec_\w{32}$/)
      await stripeFor(url as string).customers.create()
      await fetch(`${url}/_emulator/webhooks/flush`, { method: 'POST' })
      const [delivery] = receiver.received
      const event = new Stripe('sk_test_cli').webhooks.constructEvent(
        delivery?.body as string,
        delivery?.headers['stripe-signature'] as string,
        secret as string,
      )
      expect(event.type).toBe('customer.created')
      cli.child.kill('SIGTERM')
      expect(await cli.exit).toBe(0)
    } finally {
      await receiver.close()
    }
  })

  it('keeps state in --state across runs', async () => {
    const state = join(tmp, 'cli-state.json')
    const first = runCli(['--port', '0', '--state', state])
    const [, url1] = await waitForLine(first, /listening on (http:\/\/\S+)/)
    const customer = await stripeFor(url1 as string).customers.create({ email: 'persist@example.com' })
    first.child.kill('SIGTERM')
    expect(await first.exit).toBe(0)

    const second = runCli(['--port', '0', '--state', state])
    const [, url2] = await waitForLine(second, /listening on (http:\/\/\S+)/)
    expect((await stripeFor(url2 as string).customers.retrieve(customer.id)).id).toBe(customer.id)
    second.child.kill('SIGTERM')
    expect(await second.exit).toBe(0)
  })

  it('exits 1 with one clear line, no stack trace, for a corrupt state file', async () => {
    const state = join(tmp, 'corrupt.json')
    writeFileSync(state, '{ not json')
    const cli = runCli(['--port', '0', '--state', state])
    expect(await cli.exit).toBe(1)
    expect(cli.stderr().trim()).toBe(
      `stripe-emulator: The emulator state file ${state} is not valid JSON (was it cut short?). Delete it to start with an empty state.`,
    )
  })

  it('exits 2 with the reason for a bad flag', async () => {
    const port = runCli(['--port', 'eighty'])
    expect(await port.exit).toBe(2)
    expect(port.stderr()).toContain('--port must be a number')
    const chaos = runCli(['--chaos', 'dropRate=3'])
    expect(await chaos.exit).toBe(2)
    expect(chaos.stderr()).toContain('dropRate must be a number from 0 to 1')
  })

  it('applies --chaos to webhook delivery', async () => {
    const cli = runCli(['--port', '0', '--chaos', 'duplicateRate=1,seed=5'])
    const [, url] = await waitForLine(cli, /listening on (http:\/\/\S+)/)
    const chaos = (await (await fetch(`${url}/_emulator/chaos`)).json()) as Record<string, number>
    expect(chaos).toMatchObject({ duplicateRate: 1, seed: 5 })
    cli.child.kill('SIGTERM')
    expect(await cli.exit).toBe(0)
  })
})
