import { PGlite } from '@electric-sql/pglite'
import { seededRandom } from '@portal-kit/stripe-emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgliteStore } from '../stores/pglite-store.js'
import { InjectedStoreFault, withStoreWriteFaults } from './store-write-faults.js'

describe('withStoreWriteFaults', () => {
  let db: PGlite
  beforeAll(async () => {
    db = new PGlite()
    await pgliteStore({ db }).migrate()
  })
  afterAll(() => db.close())

  it('fails writes at its rate, with the same faults for the same seed, and never fails a read', async () => {
    const run = async () => {
      const { store, faults } = withStoreWriteFaults(pgliteStore({ db }), { rate: 0.3, random: seededRandom(42) })
      const outcomes: string[] = []
      for (let i = 0; i < 40; i++) {
        const customerId = `cus_faults_${outcomes.length}_${Math.random()}`
        outcomes.push(
          await store.linkCustomer({ customerId, accountId: null }).then(
            () => 'ok',
            (error: unknown) => (error instanceof InjectedStoreFault ? 'fault' : 'other'),
          ),
        )
        await store.findCustomer(customerId)
      }
      return { outcomes, counts: faults.counts }
    }
    const first = await run()
    const second = await run()
    expect(first.outcomes).toEqual(second.outcomes)
    expect(first.counts).toEqual({ writes: 40, faults: first.outcomes.filter((o) => o === 'fault').length })
    expect(first.counts.faults).toBeGreaterThan(4)
    expect(first.counts.faults).toBeLessThan(24)
  })

  it('fails a write inside a transaction and rolls the whole transaction back', async () => {
    const noticed: string[] = []
    const { store, faults } = withStoreWriteFaults(pgliteStore({ db }), {
      rate: 0,
      random: () => 0,
      onFault: (method) => noticed.push(method),
    })
    const attempt = store.transaction(async (tx) => {
      await tx.linkCustomer({ customerId: 'cus_rolled_back', accountId: 'acct_rolled_back' })
      faults.rate = 1
      await tx.markCustomerDeleted('cus_rolled_back')
    })
    await expect(attempt).rejects.toBeInstanceOf(InjectedStoreFault)
    expect(noticed).toEqual(['markCustomerDeleted'])
    const rows = await db.query(`SELECT 1 FROM portal_kit_customers WHERE customer_id = 'cus_rolled_back'`)
    expect(rows.rows).toHaveLength(0)
  })
})
