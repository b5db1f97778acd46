import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredCustomer = Stripe.Customer & StoredObject

/** Returns a live (not deleted) customer or throws Stripe's 404. */
export function requireCustomer(emulator: Emulator, id: string, param = 'customer'): StoredCustomer {
  const customer = emulator.state.find<StoredCustomer>('customer', id)
  if (!customer || (customer as { deleted?: boolean }).deleted) throw noSuchResource('customer', id, param)
  return customer
}

export interface CreateCustomerInput {
  email?: string | null
  name?: string | null
  description?: string | null
  phone?: string | null
  metadata?: Record<string, string>
  preferredLocales?: string[]
  testClock?: string | null
  /** Emit `customer.created` (default true). */
  emit?: boolean
}

/** Creates a customer as `POST /v1/customers` does; hosted checkout uses it for `customer_email` sessions. */
export function createCustomer(emulator: Emulator, input: CreateCustomerInput = {}): StoredCustomer {
  const testClock = input.testClock ?? null
  if (testClock && !emulator.state.find('test_helpers.test_clock', testClock)) {
    throw noSuchResource('test_helpers.test_clock', testClock, 'test_clock')
  }
  const id = emulator.state.newId('cus')
  const customer = emulator.state.insert({
    id,
    object: 'customer',
    address: null,
    balance: 0,
    created: emulator.now(testClock),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: input.preferredLocales ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: testClock,
  } as unknown as StoredCustomer)
  if (input.emit !== false) emulator.emit('customer.created', customer, { testClock })
  return customer
}
