import type Stripe from 'stripe'
import { stripeAroundRequests } from '../stripe-around-requests.js'

/** A Stripe client on the emulator that counts the API requests it sends: read before and after each contender's turn. */
export function countingStripe(url: string, apiKey: string): { stripe: Stripe; requests: () => number } {
  let requests = 0
  const stripe = stripeAroundRequests(url, { apiKey }, (send) => (...args) => {
    requests++
    return send(...args)
  })
  return { stripe, requests: () => requests }
}
