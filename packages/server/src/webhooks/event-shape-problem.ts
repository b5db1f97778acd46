import type Stripe from 'stripe'

type Shape = Record<string, unknown>

const isObject = (value: unknown): value is Shape => typeof value === 'object' && value !== null
const isId = (value: unknown): boolean => typeof value === 'string' && value !== ''
const isRef = (value: unknown): boolean => isId(value) || (isObject(value) && isId(value.id))

/** Text Postgres cannot store: a NUL, or a lone surrogate (which jsonb refuses). */
const isUnstorableText = (text: string): boolean => text.includes('\u0000') || !text.isWellFormed()

/**
 * Events parsed from JSON text with no `\u` escape. Verified bodies are well-formed UTF-8, and JSON text
 * carries no raw NUL, so only an escape can put unstorable text in the parsed value: such an event needs
 * no walk (a 4-5 KB subscription took a few µs of every event's time at 1 request in flight).
 */
const parsedWithoutEscapes = new WeakSet<object>()

/** Marks `event` as parsed from `text`, when the text holds no `\u` escape. */
export function noteParsedFrom(event: Stripe.Event, text: string): void {
  if (!text.includes('\\u')) parsedWithoutEscapes.add(event)
}

/** Whether any key or string value in a parsed JSON value is unstorable text; walks it without re-serializing. */
function holdsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return isUnstorableText(value)
  if (!isObject(value)) return false
  if (Array.isArray(value)) return value.some(holdsUnstorableText)
  for (const key in value) if (isUnstorableText(key) || holdsUnstorableText(value[key])) return true
  return false
}

/** Postgres text holds no NUL; Stripe's ids and types never have one. */
const isStoredText = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && value.length <= 255 && !value.includes('\u0000')

/**
 * Whether a signed body is an event at all: an object with an id and type the store can record and
 * a `created` time a database can hold. One that is not is refused (400), never retried.
 */
export function isEventEnvelope(value: unknown): value is Stripe.Event {
  if (!isObject(value)) return false
  return isStoredText(value.id) && isStoredText(value.type) && Number.isSafeInteger(value.created)
}

/**
 * Why a correctly signed event cannot be applied (its object lacks what the receiver reads), or
 * null when it can. Such an event could never succeed on a retry, so it is recorded, acknowledged
 * and logged rather than answered with a 5xx that Stripe would retry for days; reconcile or the
 * next event of the customer repairs the state.
 */
export function eventShapeProblem(event: Stripe.Event): string | null {
  const object: unknown = event.data?.object
  if (!isObject(object)) return 'data.object is not an object'
  if (!parsedWithoutEscapes.has(event) && holdsUnstorableText(object)) {
    return 'the object holds text Postgres cannot store (a NUL or a lone surrogate)'
  }
  if (event.type.startsWith('customer.subscription.')) {
    if (!isId(object.id) || !isRef(object.customer) || typeof object.status !== 'string') {
      return 'the subscription lacks an id, a customer or a status'
    }
    if (!isObject(object.items) || !Array.isArray(object.items.data)) return 'the subscription lacks items.data'
    return null
  }
  if (event.type.startsWith('customer.') || event.type.startsWith('checkout.session.')) {
    return isId(object.id) ? null : 'the object lacks an id'
  }
  if (event.type.startsWith('invoice.')) {
    return isId(object.id) && isRef(object.customer) ? null : 'the invoice lacks an id or a customer'
  }
  return null
}
