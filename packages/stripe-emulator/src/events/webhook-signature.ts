import { createHmac, randomBytes } from 'node:crypto'

/**
 * The `Stripe-Signature` header for a payload: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`,
 * exactly what `stripe.webhooks.constructEvent(payload, header, secret)` verifies.
 */
export function signWebhookPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex')
  return `t=${timestamp},v1=${signature}`
}

/** A fresh endpoint secret in Stripe's format (`whsec_` and 32 random alphanumerics). */
export function generateWebhookSecret(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  let s = ''
  for (const b of randomBytes(32)) s += alphabet[b % alphabet.length]
  return `whsec_${s}`
}
