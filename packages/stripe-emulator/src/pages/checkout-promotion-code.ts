import { applyPromotionCodeToCheckout, setCheckoutDiscounts } from '../checkout/checkout-discounts.js'
import type { StoredCheckoutSession } from '../checkout/checkout-session.js'
import type { StoredCoupon } from '../discounts/coupon.js'
import type { StoredPromotionCode } from '../discounts/promotion-code.js'
import type { Emulator } from '../emulator.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import type { PageFormatter } from '../portal/page-formatter.js'
import { describeCoupon } from './describe-coupon.js'
import type { PageRequest } from './page-router.js'
import { formString } from './portal-card-fields.js'
import { escapeHtml } from './render-layout.js'

/** Every user-visible string of Checkout's promotion code field, in one place so it can be localised. */
export const promotionCodeStrings = {
  label: 'Promotion code',
  apply: 'Apply',
  remove: 'Remove',
  discount: 'Discount',
  invalid: 'This code is invalid.',
}

/**
 * The discount row of the order summary (the code or coupon, what it gives, the amount off), or '' without one.
 */
export function renderDiscountRow(emulator: Emulator, session: StoredCheckoutSession, format: PageFormatter): string {
  const [discount] = session.discounts ?? []
  if (!discount) return ''
  const coupon = emulator.state.find<StoredCoupon>('coupon', idOf(discount.coupon))
  const code = emulator.state.find<StoredPromotionCode>('promotion_code', idOf(discount.promotion_code))
  const name = code?.code ?? coupon?.name ?? promotionCodeStrings.discount
  const detail =
    coupon && !coupon.deleted ? ` <span class="muted">${escapeHtml(describeCoupon(coupon, format))}</span>` : ''
  const amount = format.money(session.total_details?.amount_discount ?? 0, session.currency ?? 'usd')
  return `<tr data-slot="discount"><td>${escapeHtml(name)}${detail}</td><td class="amount">−${escapeHtml(amount)}</td></tr>`
}

/** The promotion code field when the session allows codes: a text box and "Apply", or the applied code and "Remove". */
export function renderPromotionCodeForm(session: StoredCheckoutSession, error?: string): string {
  if (!session.allow_promotion_codes) return ''
  const action = `/c/pay/${escapeHtml(session.id)}/promotion-code`
  const s = promotionCodeStrings
  if ((session.discounts ?? []).length > 0) {
    return `<form method="post" action="${action}" class="promotion-code"><input type="hidden" name="remove" value="1"><button type="submit">${s.remove}</button></form>`
  }
  const invalid = error ? ' aria-invalid="true" aria-describedby="promotion-code-error"' : ''
  return `<form method="post" action="${action}" class="promotion-code">
<label for="promotion_code">${s.label}</label>
<input type="text" id="promotion_code" name="promotion_code" autocomplete="off"${invalid}>
${error ? `<p role="alert" id="promotion-code-error" class="error">${escapeHtml(error)}</p>` : ''}
<button type="submit">${s.apply}</button>
</form>`
}

/** "Apply" or "Remove" on the hosted page; answers the message to show when the code does not apply. */
export function submitPromotionCode(req: PageRequest, session: StoredCheckoutSession): { error?: string } {
  if (formString(req.form, 'remove')) {
    setCheckoutDiscounts(req.emulator, session, [])
    return {}
  }
  const typed = formString(req.form, 'promotion_code')?.trim() ?? ''
  if (!typed) return { error: promotionCodeStrings.invalid }
  try {
    applyPromotionCodeToCheckout(req.emulator, session, typed)
    return {}
  } catch (error) {
    // Whatever Stripe's reason (unknown, inactive, expired, used up), the customer sees one message.
    if (error instanceof StripeApiError && error.status < 500) return { error: promotionCodeStrings.invalid }
    throw error
  }
}

function idOf(ref: string | { id: string } | null): string {
  return typeof ref === 'string' ? ref : (ref?.id ?? '')
}
