import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulatorClient } from '../testing/emulator-client.js'
import { startWebhookReceiver } from '../testing/webhook-receiver.js'
import { StateFileError } from './state-file.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-state-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('given a state file', () => {
  it('keeps objects across a restart', async () => {
    const stateFile = join(dir, 'state.json')
    const first = await startEmulatorClient({ stateFile })
    const customer = await first.stripe.customers.create({ email: 'kept@example.com', metadata: { a: '1' } })
    await first.close()

    const second = await startEmulatorClient({ stateFile })
    try {
      expect(await second.stripe.customers.retrieve(customer.id)).toMatchObject({
        email: 'kept@example.com',
        metadata: { a: '1' },
      })
      const events = await second.stripe.events.list()
      expect(events.data.map((e) => e.type)).toEqual(['customer.created'])
      const next = await second.stripe.customers.create()
      expect(next.id).not.toBe(customer.id)
      expect((await second.stripe.customers.list()).data.map((c) => c.id)).toEqual([next.id, customer.id])
    } finally {
      await second.close()
    }
  })

  it('replays an idempotency key used before the restart', async () => {
    const stateFile = join(dir, 'state.json')
    const first = await startEmulatorClient({ stateFile })
    const created = await first.stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'k-restart' })
    await first.close()

    const second = await startEmulatorClient({ stateFile })
    try {
      const replayed = await second.stripe.customers.create(
        { email: 'once@example.com' },
        { idempotencyKey: 'k-restart' },
      )
      expect(replayed.id).toBe(created.id)
      expect((await second.stripe.customers.list()).data).toHaveLength(1)
    } finally {
      await second.close()
    }
  })

  it('keeps an API-created endpoint’s secret (a hidden field) and signs with it after the restart', async () => {
    const stateFile = join(dir, 'state.json')
    const first = await startEmulatorClient({ stateFile })
    const endpoint = await first.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', enabled_events: ['*'] })
    await first.close()
    expect(readFileSync(stateFile, 'utf8')).toContain(endpoint.secret as string)

    const receiver = await startWebhookReceiver(endpoint.secret as string)
    const second = await startEmulatorClient({ stateFile })
    try {
      await second.stripe.webhookEndpoints.update(endpoint.id, { url: receiver.url })
      await second.stripe.customers.create()
      await second.running.emulator.webhooks.idle()
      expect(receiver.received.map((r) => r.verificationError)).toEqual([null])
    } finally {
      await second.close()
      await receiver.close()
    }
  })

  it('creates the file’s directory when it does not exist yet', async () => {
    const stateFile = join(dir, 'nested', 'deeper', 'state.json')
    const first = await startEmulatorClient({ stateFile })
    await first.stripe.customers.create()
    await first.close()
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 1 })
  })

  it('refuses to start from a file that is not JSON, with a message that says what to do', async () => {
    const stateFile = join(dir, 'state.json')
    writeFileSync(stateFile, '{"version":1,"objects":[')
    const error = await startEmulatorClient({ stateFile }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateFileError)
    expect((error as Error).message).toBe(
      `The emulator state file ${stateFile} is not valid JSON (was it cut short?). Delete it to start with an empty state.`,
    )
  })

  it('refuses to start from JSON that is not an emulator state', async () => {
    const stateFile = join(dir, 'state.json')
    writeFileSync(stateFile, JSON.stringify({ version: 2, objects: 'nope' }))
    const error = await startEmulatorClient({ stateFile }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateFileError)
    expect((error as Error).message).toContain('is not an emulator state')
  })
})
