import type { RecurringInput } from '../catalog/price.js'
import { createProduct } from '../catalog/product.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import { invalidRequest } from '../http/stripe-api-error.js'

export function readRecurring(recurring: Params | undefined): RecurringInput | undefined {
  if (!recurring) return undefined
  recurring.only(['interval', 'interval_count', 'usage_type', 'trial_period_days', 'meter', 'aggregate_usage'])
  const interval = recurring.enum('interval', ['day', 'week', 'month', 'year'] as const)
  if (!interval)
    throw invalidRequest('Missing required param: recurring[interval].', 'recurring[interval]', 'parameter_missing')
  const usageType = recurring.enum('usage_type', ['licensed', 'metered'] as const)
  if (usageType === 'metered') {
    throw invalidRequest('The emulator supports licensed (per-seat) recurring prices only.', 'recurring[usage_type]')
  }
  return {
    interval,
    intervalCount: recurring.integer('interval_count'),
    usageType,
    trialPeriodDays: recurring.integer('trial_period_days') ?? null,
  }
}

/** `unit_amount`, or a whole-number `unit_amount_decimal`. */
export function readUnitAmount(params: Params): number {
  const amount = params.integer('unit_amount')
  if (amount !== undefined) {
    if (amount < 0) throw invalidRequest('This value must be greater than or equal to 0.', 'unit_amount')
    return amount
  }
  const decimal = params.string('unit_amount_decimal')
  if (decimal !== undefined) {
    if (!/^\d+$/.test(decimal)) {
      throw invalidRequest('The emulator supports whole-number unit_amount_decimal values only.', 'unit_amount_decimal')
    }
    return Number(decimal)
  }
  throw invalidRequest('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing')
}

/** Creates the product given inline (`product_data` on a price, `product` as an object on a plan); returns its id. */
export function createInlineProduct(emulator: Emulator, productData: Params): string {
  productData.only(['name', 'id', 'active', 'metadata', 'statement_descriptor', 'unit_label', 'tax_code'])
  return createProduct(emulator, {
    id: productData.string('id'),
    name: productData.requiredString('name'),
    active: productData.boolean('active'),
    metadata: productData.metadata() ?? {},
    statementDescriptor: productData.string('statement_descriptor') ?? null,
    unitLabel: productData.string('unit_label') ?? null,
    taxCode: productData.string('tax_code') ?? null,
  }).id
}
