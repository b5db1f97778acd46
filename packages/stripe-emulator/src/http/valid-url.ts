import { invalidRequest } from '../http/stripe-api-error.js'

/** Returns an http(s) URL param unchanged, or throws Stripe's `url_invalid` 400 for it. */
export function validUrl(value: string, param: string): string {
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return value
  } catch {
    // fall through to Stripe's error
  }
  throw invalidRequest('Not a valid URL', param, 'url_invalid')
}
