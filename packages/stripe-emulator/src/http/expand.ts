import type { EmulatorState } from '../state/emulator-state.js'
import { invalidRequest } from './stripe-api-error.js'

/**
 * Applies Stripe's `expand[]` to a response: each dotted path replaces an id string with the
 * object it names (`latest_invoice.payment_intent`, `data.customer` on lists). Returns a copy.
 */
export function expandObject(value: unknown, paths: string[], state: EmulatorState): unknown {
  if (paths.length === 0) return value
  const copy = structuredClone(value)
  for (const path of paths) {
    const segments = path.split('.')
    if (segments.length > 4) throw invalidRequest('You cannot expand more than 4 levels of a property.', 'expand')
    expandPath(copy, segments, state, path)
  }
  return copy
}

function expandPath(node: unknown, segments: string[], state: EmulatorState, full: string): void {
  if (node === null || typeof node !== 'object') return
  const [head, ...rest] = segments as [string, ...string[]]
  if (Array.isArray(node)) {
    for (const item of node) expandPath(item, segments, state, full)
    return
  }
  const record = node as Record<string, unknown>
  if (!Object.hasOwn(record, head)) {
    throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand')
  }
  let child = record[head]
  if (typeof child === 'string') {
    const found = state.findAny(child)
    if (found) {
      child = structuredClone(found)
      record[head] = child
    } else if (rest.length === 0) {
      return
    }
  } else if (Array.isArray(child) && child.some((item) => typeof item === 'string')) {
    // A list of ids, such as a subscription's `discounts`: each known id becomes its object.
    child = child.map((item) => {
      const found = typeof item === 'string' ? state.findAny(item) : undefined
      return found ? structuredClone(found) : item
    })
    record[head] = child
  }
  if (rest.length > 0) expandPath(child, rest, state, full)
}
