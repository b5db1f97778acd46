import { applyPromotionCodeToCheckout, setCheckoutDiscounts } from '../checkout/checkout-discounts.js'
import type { StoredCheckoutSession } from '../checkout/checkout-session.js'
import type { StoredCoupon } from '../discounts/coupon.js'
import type { StoredPromotionCode } from '../discounts/promotion-code.js'
import type { Emulator } from '../emulator.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { type CouponWording, describeCoupon } from './describe-coupon.js'
import type { PageMessages } from './locales/en.js'
import type { PageRequest } from './page-router.js'
import { formString } from './portal-card-fields.js'
import { escapeHtml } from './render-layout.js'

/**
 * The discount row of the order summary (the code or coupon, what it gives, the amount off), or '' without one.
 */
export function renderDiscountRow(emulator: Emulator, session: StoredCheckoutSession, wording: CouponWording): string {
  const [discount] = session.discounts ?? []
  if (!discount) return ''
  const coupon = emulator.state.find<StoredCoupon>('coupon', idOf(discount.coupon))
  const code = emulator.state.find<StoredPromotionCode>('promotion_code', idOf(discount.promotion_code))
  const name = code?.code ?? coupon?.name ?? wording.t.discount.label
  const detail =
    coupon && !coupon.deleted ? ` <span class="muted">${escapeHtml(describeCoupon(coupon, wording))}</span>` : ''
  const amount = wording.format.money(session.total_details?.amount_discount ?? 0, session.currency ?? 'usd')
  return `<tr data-slot="discount"><td>${escapeHtml(name)}${detail}</td><td class="amount">−${escapeHtml(amount)}</td></tr>`
}

/** The promotion code field when the session allows codes: a text box and "Apply", or the applied code and "Remove". */
export function renderPromotionCodeForm(session: StoredCheckoutSession, t: PageMessages, error?: string): string {
  if (!session.allow_promotion_codes) return ''
  const action = `/c/pay/${escapeHtml(session.id)}/promotion-code`
  if ((session.discounts ?? []).length > 0) {
    return `<form method="post" action="${action}" class="promotion-code"><input type="hidden" name="remove" value="1"><button type="submit">${escapeHtml(t.checkout.removeCode)}</button></form>`
  }
  const invalid = error ? ' aria-invalid="true" aria-describedby="promotion-code-error"' : ''
  return `<form method="post" action="${action}" class="promotion-code">
<label for="promotion_code">${escapeHtml(t.checkout.promotionCode)}</label>
<input type="text" id="promotion_code" name="promotion_code" autocomplete="off"${invalid}>
${error ? `<p role="alert" id="promotion-code-error" class="error">${escapeHtml(error)}</p>` : ''}
<button type="submit">${escapeHtml(t.checkout.applyCode)}</button>
</form>`
}

/** "Apply" or "Remove" on the hosted page; answers the message to show when the code does not apply. */
export function submitPromotionCode(
  req: PageRequest,
  session: StoredCheckoutSession,
  t: PageMessages,
): { error?: string } {
  if (formString(req.form, 'remove')) {
    setCheckoutDiscounts(req.emulator, session, [])
    return {}
  }
  const typed = formString(req.form, 'promotion_code')?.trim() ?? ''
  if (!typed) return { error: t.checkout.invalidCode }
  try {
    applyPromotionCodeToCheckout(req.emulator, session, typed)
    return {}
  } catch (error) {
    // Whatever Stripe's reason (unknown, inactive, expired, used up), the customer sees one message.
    if (error instanceof StripeApiError && error.status < 500) return { error: t.checkout.invalidCode }
    throw error
  }
}

function idOf(ref: string | { id: string } | null): string {
  return typeof ref === 'string' ? ref : (ref?.id ?? '')
}
