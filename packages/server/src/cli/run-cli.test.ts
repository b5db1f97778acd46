import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripeClientFor } from '../testing/billing-harness.js'
import { runCli } from './run-cli.js'

let emulator: RunningEmulator
let dataDir: string
let env: Record<string, string>

beforeAll(async () => {
  emulator = await startEmulator()
  dataDir = await mkdtemp(join(tmpdir(), 'portal-kit-cli-'))
  env = { STRIPE_API_BASE: emulator.url, PORTAL_KIT_DATA_DIR: join(dataDir, 'db') }
})
afterAll(async () => {
  await emulator.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function run(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('portal-kit CLI', () => {
  it('migrates the embedded store, twice without harm', async () => {
    expect(await run('migrate')).toMatchObject({ code: 0, out: 'Billing tables are up to date.' })
    expect((await run('migrate')).code).toBe(0)
  })

  it('prints the status of an account as JSON', async () => {
    const { code, out } = await run('status', 'acct_cli')
    expect(code).toBe(0)
    expect(JSON.parse(out)).toMatchObject({ customer: null, subscription: null, access: 'none' })
  })

  it('prunes processed webhook event ids older than the window, 30 days by default', async () => {
    const { code, out } = await run('prune')
    expect(code).toBe(0)
    const report = JSON.parse(out) as { deleted: number; processedBefore: string }
    expect(report.deleted).toBe(0)
    expect(Date.now() - Date.parse(report.processedBefore)).toBeGreaterThanOrEqual(30 * 86_400_000)
    expect(Date.now() - Date.parse(report.processedBefore)).toBeLessThan(30 * 86_400_000 + 60_000)
    expect((await run('prune', '--days', '0')).code).toBe(0)
    expect(await run('prune', '--days', 'soon')).toMatchObject({ code: 2 })
  })

  it('creates the portal configuration from a file, then updates the same one', async () => {
    const file = join(dataDir, 'portal.json')
    const config = {
      business_profile: { headline: 'Acme billing' },
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: { enabled: true, mode: 'at_period_end' },
      },
    }
    await writeFile(file, JSON.stringify(config))
    const first = await run('portal-config', 'push', file)
    expect(first.code).toBe(0)
    const id = /(bpc_\w+) created/.exec(first.out)?.[1]
    expect(id).toBeDefined()
    await writeFile(
      file,
      JSON.stringify({
        ...config,
        features: { ...config.features, subscription_cancel: { enabled: true, mode: 'immediately' } },
      }),
    )
    const second = await run('portal-config', 'push', file)
    expect(second.out).toContain(`${id} updated`)
    const stored = await stripeClientFor(emulator.url).billingPortal.configurations.retrieve(id as string)
    expect(stored.features.subscription_cancel.mode).toBe('immediately')
    expect(stored.business_profile.headline).toBe('Acme billing')
  })

  it('explains a config file that is not JSON or lacks features', async () => {
    const file = join(dataDir, 'bad.json')
    await writeFile(file, '{ nope')
    expect(await run('portal-config', 'push', file)).toMatchObject({
      code: 1,
      err: expect.stringContaining('is not valid JSON'),
    })
    await writeFile(file, '{}')
    expect((await run('portal-config', 'push', file)).err).toContain('needs a "features" object')
  })

  it('answers an unknown command with the usage and exit code 2', async () => {
    const result = await run('explode')
    expect(result.code).toBe(2)
    expect(result.err).toContain('Unknown command "explode"')
  })

  it('runs as the built portal-kit binary', async () => {
    const bin = new URL('../../dist/cli.js', import.meta.url)
    const { stdout } = await promisify(execFile)(process.execPath, [bin.pathname, '--help'])
    expect(stdout).toContain('portal-config push <file>')
  })
})
