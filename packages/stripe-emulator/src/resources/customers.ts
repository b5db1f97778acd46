import { cancelSubscriptionsOfDeletedCustomer } from '../billing/cancel-subscription.js'
import { createCustomer, requireCustomer, type StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { createdFilter, paginateStored } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import { addCardSource, removeCardSource, type StoredCard, usableCardToken } from '../payment-methods/card-source.js'
import { attachPaymentMethod } from '../payment-methods/payment-method.js'
import type { StoredObject } from '../state/emulator-state.js'
import { previousAttributes } from '../state/previous-attributes.js'

const writable = [
  'email',
  'name',
  'description',
  'phone',
  'metadata',
  'invoice_settings',
  'preferred_locales',
  'address',
  'payment_method',
  'source',
  'test_clock',
]

export const customersRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/customers',
    handler: ({ params, emulator }) => {
      params.only(writable)
      const source = params.string('source')
      if (source) usableCardToken(source)
      const customer = createCustomer(emulator, {
        email: params.string('email') ?? null,
        name: params.string('name') ?? null,
        description: params.string('description') ?? null,
        phone: params.string('phone') ?? null,
        metadata: params.metadata() ?? {},
        preferredLocales: params.stringArray('preferred_locales') ?? [],
        testClock: params.string('test_clock') ?? null,
        emit: false,
      })
      applyInvoiceSettings(emulator, customer, params)
      if (source) addCardSource(emulator, customer, source)
      emulator.emit('customer.created', customer, { testClock: customer.test_clock as string | null })
      return customer
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id',
    handler: ({ pathParams, emulator }) => {
      const customer = emulator.state.find<StoredCustomer>('customer', pathParams.id as string)
      if (!customer) throw noSuchResource('customer', pathParams.id as string, 'id')
      return customer
    },
  },
  {
    method: 'POST',
    pattern: '/v1/customers/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(writable.filter((k) => k !== 'test_clock'))
      const customer = requireCustomer(emulator, pathParams.id as string, 'id')
      const before = structuredClone(customer)
      for (const key of ['email', 'name', 'description', 'phone'] as const) {
        const value = params.nullableString(key)
        if (value !== undefined) (customer as Record<string, unknown>)[key] = value
      }
      const metadata = params.metadata('metadata', customer.metadata)
      if (metadata) customer.metadata = metadata
      const locales = params.stringArray('preferred_locales')
      if (locales) customer.preferred_locales = locales
      applyInvoiceSettings(emulator, customer, params)
      const source = params.string('source')
      if (source) replaceDefaultSource(emulator, customer, source)
      const prev = previousAttributes(before, customer)
      if (prev)
        emulator.emit('customer.updated', customer, {
          previousAttributes: prev,
          testClock: customer.test_clock as string | null,
        })
      return customer
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/customers/:id',
    handler: ({ pathParams, emulator }) => {
      const customer = requireCustomer(emulator, pathParams.id as string, 'id')
      cancelSubscriptionsOfDeletedCustomer(emulator, customer.id)
      emulator.emit('customer.deleted', customer, { testClock: customer.test_clock as string | null })
      const tombstone = { id: customer.id, object: 'customer', deleted: true }
      emulator.state.remove(customer.id)
      emulator.state.insert(tombstone)
      return tombstone
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers',
    handler: ({ params, emulator }) => {
      params.only(['email', 'limit', 'starting_after', 'ending_before', 'created', 'test_clock'])
      const email = params.string('email')
      const testClock = params.string('test_clock')
      const created = createdFilter(params)
      const filter = (c: StoredCustomer) =>
        !(c as { deleted?: boolean }).deleted &&
        (email === undefined || c.email === email) &&
        (testClock === undefined || c.test_clock === testClock) &&
        created(c)
      return paginateStored(
        emulator.state,
        { type: 'customer', filter, links: { test_clock: testClock } },
        params,
        '/v1/customers',
      )
    },
  },
]

/** `source` on update: a new card becomes the default source and the old default card is deleted, as on Stripe. */
function replaceDefaultSource(emulator: Emulator, customer: StoredCustomer, token: string): void {
  const old = typeof customer.default_source === 'string' ? customer.default_source : null
  const card = addCardSource(emulator, customer, token)
  customer.default_source = card.id
  const oldCard = old ? emulator.state.find<StoredCard>('card', old) : undefined
  if (oldCard) removeCardSource(emulator, customer, oldCard)
}

function applyInvoiceSettings(emulator: Emulator, customer: StoredCustomer, params: Params): void {
  const settings = params.object('invoice_settings')
  const pm = params.string('payment_method')
  const attached = pm ? attachPaymentMethod(emulator, pm, customer.id) : undefined
  if (!settings) return
  settings.only(['default_payment_method', 'custom_fields', 'footer', 'rendering_options'])
  const requestedDefault = settings.nullableString('default_payment_method')
  // `payment_method=pm_card_visa` with the same token as default names the pm_… the token just became, as at Stripe.
  const defaultPm = attached && requestedDefault === pm ? attached.id : requestedDefault
  if (defaultPm === undefined) return
  if (defaultPm !== null) {
    const owner = emulator.state.find<StoredObject & { customer: string | null }>('payment_method', defaultPm)
    if (!owner) throw noSuchResource('PaymentMethod', defaultPm, 'invoice_settings[default_payment_method]')
    if (owner.customer !== customer.id) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`,
        'invoice_settings[default_payment_method]',
        'resource_missing',
      )
    }
  }
  customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: defaultPm }
}
