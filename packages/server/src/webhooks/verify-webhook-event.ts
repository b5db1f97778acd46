import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import { BillingError } from '../errors.js'
import { isEventEnvelope, noteParsedFrom } from './event-shape-problem.js'

/** Fatal and BOM-keeping: the text is then byte-for-byte the body, so checking it is checking the bytes. */
const exactUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Verifies the `Stripe-Signature` of the raw body bytes against each configured secret, so a
 * rotated secret keeps working. Never parses before verifying. Bytes that are not exactly UTF-8
 * text (invalid sequences, which a lenient decoder would replace) are refused: they are not what
 * Stripe signed.
 */
export async function verifyWebhookEvent(
  ctx: BillingContext,
  body: Uint8Array,
  signature: string | null,
): Promise<Stripe.Event> {
  const secrets = ctx.webhookSecrets
  if (!signature) throw new BillingError('invalid_signature', 'Missing Stripe-Signature header.')
  let text: string
  try {
    text = exactUtf8.decode(body)
  } catch {
    throw new BillingError('invalid_signature', 'The webhook body is not the UTF-8 text Stripe signs.')
  }
  let stale = false
  for (const secret of secrets) {
    let event: Stripe.Event
    try {
      event = await ctx.stripe.webhooks.constructEventAsync(text, signature, secret, ctx.webhookToleranceSeconds)
    } catch (error) {
      if (error instanceof Error && /tolerance/i.test(error.message)) stale = true
      continue
    }
    // Signed but not an event its id can be recorded under: a retry would fail the same way forever.
    if (!isEventEnvelope(event)) {
      throw new BillingError(
        'invalid_request',
        'The signed body is not a Stripe event: it needs a text id and type and a created time in seconds.',
      )
    }
    noteParsedFrom(event, text)
    return event
  }
  throw new BillingError(
    'invalid_signature',
    stale ? 'The webhook timestamp is outside the tolerance window.' : 'The webhook signature does not match.',
  )
}
