import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EmulatorState } from '../state/emulator-state.js'
import { startEmulatorClient } from '../testing/emulator-client.js'
import { startWebhookReceiver } from '../testing/webhook-receiver.js'
import { StateFileError, stateFileSaver } from './state-file.js'

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

describe('given a state file saver', () => {
  const objectsIn = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { objects: unknown[] }).objects.length
  const until = async (done: () => boolean, timeoutMs: number) => {
    const end = Date.now() + timeoutMs
    while (!done() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5))
  }

  it('writes a burst of changes once, with the last of them', async () => {
    const path = join(dir, 'state.json')
    const state = new EmulatorState()
    const saver = stateFileSaver(path, () => state.serialize())
    for (let i = 0; i < 100; i++) {
      state.insert({ id: `cus_${i}`, object: 'customer' })
      saver.changed()
    }
    expect(saver.writes).toBe(0)
    await until(() => saver.writes > 0, 5_000)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(saver.writes).toBe(1)
    expect(objectsIn(path)).toBe(100)
  })

  it('keeps saving while changes never stop, rather than waiting for a quiet moment', async () => {
    const path = join(dir, 'state.json')
    const state = new EmulatorState()
    const saver = stateFileSaver(path, () => state.serialize())
    let i = 0
    const changing = setInterval(() => {
      state.insert({ id: `cus_${i++}`, object: 'customer' })
      saver.changed()
    }, 5)
    try {
      await until(() => saver.writes >= 2, 5_000)
      expect(saver.writes).toBeGreaterThanOrEqual(2)
    } finally {
      clearInterval(changing)
    }
    saver.flush()
    expect(objectsIn(path)).toBe(i)
  })

  it('writes pending changes at once on flush, and nothing when nothing changed', () => {
    const path = join(dir, 'state.json')
    const state = new EmulatorState()
    const saver = stateFileSaver(path, () => state.serialize())
    saver.flush()
    expect(saver.writes).toBe(0)
    state.insert({ id: 'cus_1', object: 'customer' })
    saver.changed()
    saver.flush()
    expect(saver.writes).toBe(1)
    expect(objectsIn(path)).toBe(1)
    saver.flush()
    expect(saver.writes).toBe(1)
  })
})
