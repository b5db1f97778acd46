import {
  type CheckoutSessionPlan,
  requireCheckoutSession,
  type StoredCheckoutSession,
} from '../checkout/checkout-session.js'
import { checkoutSuccessUrl, completeCheckoutSession } from '../checkout/complete-checkout-session.js'
import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import type { PageFormatter } from '../portal/page-formatter.js'
import { checkoutLocale } from './checkout-locale.js'
import { renderDiscountRow, renderPromotionCodeForm, submitPromotionCode } from './checkout-promotion-code.js'
import { renderCheckoutSetupPage, submitCheckoutSetup } from './checkout-setup-page.js'
import type { PageMessages } from './locales/en.js'
import { type PageLocale, resolvePageLocale } from './page-locale.js'
import type { PageRequest, PageResponse, PageRoute } from './page-router.js'
import {
  type CardField,
  formString,
  localizedErrorMessage,
  readCardForm,
  renderCardFields,
} from './portal-card-fields.js'
import { renderErrorPage } from './render-error-page.js'
import { escapeHtml, renderLayout } from './render-layout.js'

interface FormState {
  error?: string
  field?: CardField | 'email'
  values?: Partial<Record<CardField | 'email', string>>
  status?: number
  promotionCodeError?: string
}

/** Hosted Checkout: `checkout.session.url` shows the plan and a card form; paying completes the session. */
export const checkoutPageRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: '/c/pay/:id',
    handler: (req) =>
      withSession(req, (session) =>
        session.mode === 'setup' ? renderCheckoutSetupPage(req, session) : renderCheckoutPage(req, session),
      ),
  },
  {
    method: 'POST',
    pattern: '/c/pay/:id',
    handler: (req) =>
      withSession(req, (session) =>
        session.mode === 'setup' ? submitCheckoutSetup(req, session) : submitCheckout(req, session),
      ),
  },
  {
    method: 'POST',
    pattern: '/c/pay/:id/promotion-code',
    handler: (req) =>
      withSession(req, (session) => {
        const { error } = submitPromotionCode(req, session, checkoutLocale(req, session).t)
        if (!error) return { redirect: `/c/pay/${session.id}` }
        return renderCheckoutPage(req, session, { promotionCodeError: error, status: 400 })
      }),
  },
]

function withSession(req: PageRequest, render: (session: StoredCheckoutSession) => PageResponse): PageResponse {
  const id = req.pathParams.id as string
  if (!req.emulator.state.find('checkout.session', id)) {
    const locale = resolvePageLocale({ acceptLanguage: req.acceptLanguage })
    return { status: 404, html: renderErrorPage(req.emulator, 404, locale.t.errors.checkoutLinkInvalid, locale) }
  }
  const session = requireCheckoutSession(req.emulator, id)
  if (session.status === 'open') return render(session)
  return renderClosedSession(req.emulator, session, checkoutLocale(req, session))
}

function submitCheckout(req: PageRequest, session: StoredCheckoutSession): PageResponse {
  const { form } = req
  const { t } = checkoutLocale(req, session)
  const email = formString(form, 'email')?.trim()
  const values = { email: email ?? '', card_expiry: formString(form, 'card_expiry') ?? '' }
  const card = readCardForm(form)
  if (!card.ok) {
    const error = t.card.problems[card.problem]
    return renderCheckoutPage(req, session, { error, field: card.field, values, status: 400 })
  }
  try {
    completeCheckoutSession(req.emulator, session.id, { ...(email ? { email } : {}), card: card.card })
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      const field = error.param === 'email' ? 'email' : 'card_number'
      const message = localizedErrorMessage(t, error)
      return renderCheckoutPage(req, session, { error: message, field, values, status: error.status })
    }
    throw error
  }
  return { redirect: checkoutSuccessUrl(session) }
}

function renderCheckoutPage(req: PageRequest, session: StoredCheckoutSession, state: FormState = {}): PageResponse {
  const { emulator } = req
  const customer = session.customer
    ? emulator.state.find<StoredCustomer>('customer', session.customer as string)
    : undefined
  const { format, t, lang } = checkoutLocale(req, session)
  const plan = emulator.state.hidden<CheckoutSessionPlan>(session.id)
  const business = escapeHtml(emulator.settings.businessName)
  const knownEmail = customer?.email ?? session.customer_email
  const hasTrial = plan.trialPeriodDays !== undefined || plan.trialEnd !== undefined
  const invalid = (field: FormState['field']) =>
    state.field === field ? ' aria-invalid="true" aria-describedby="form-error"' : ''
  const emailField = knownEmail
    ? `<p><span class="label">${escapeHtml(t.checkout.email)}</span><br>${escapeHtml(knownEmail)}</p>`
    : `<label for="email">${escapeHtml(t.checkout.email)}</label>
<input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(state.values?.email ?? '')}"${invalid('email')}>`
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  const cancel = session.cancel_url
    ? `<p><a class="back" href="${escapeHtml(session.cancel_url)}"><span aria-hidden="true">← </span>${escapeHtml(t.checkout.cancelAndReturn(emulator.settings.businessName))}</a></p>`
    : ''
  const body = `<div class="checkout">
<section class="checkout-summary" aria-labelledby="summary-heading">
<p class="brand">${business}<span class="test-badge">${escapeHtml(t.layout.testMode)}</span></p>
${cancel}
<h1 id="summary-heading">${escapeHtml(summaryTitle(plan, t))}</h1>
${renderSummary(plan, { format, t }, session, renderDiscountRow(emulator, session, { t, format }))}
${renderPromotionCodeForm(session, t, state.promotionCodeError)}
</section>
<section class="checkout-pay" aria-labelledby="pay-heading">
<h2 id="pay-heading">${escapeHtml(t.checkout.payWithCard)}</h2>
<form method="post" action="/c/pay/${escapeHtml(session.id)}" novalidate>
${error}
${emailField}
${renderCardFields({ t, error: state.field === 'email' ? undefined : state.field, values: state.values })}
<div class="actions"><button type="submit" class="primary wide">${escapeHtml(hasTrial ? t.checkout.startTrial : t.checkout.payAndSubscribe)}</button></div>
</form>
</section>
</div>`
  return {
    status: state.status ?? 200,
    html: renderLayout(emulator, { title: t.checkout.title, body, lang }),
  }
}

function summaryTitle(plan: CheckoutSessionPlan, t: PageMessages): string {
  const first = plan.lineItems[0]
  if (!first || plan.lineItems.length > 1) return t.checkout.subscribe
  return t.checkout.subscribeTo(first.description ?? t.checkout.thisPlan)
}

function renderSummary(
  plan: CheckoutSessionPlan,
  { format, t }: { format: PageFormatter; t: PageMessages },
  session: StoredCheckoutSession,
  discountRow: string,
): string {
  const rows = plan.lineItems.map((item) => {
    const quantity = (item.quantity ?? 1) > 1 ? ` × ${item.quantity}` : ''
    const price = item.price ? format.price(item.price) : ''
    return `<tr><td>${escapeHtml(item.description ?? '')}${quantity}</td><td class="amount">${escapeHtml(price)}</td></tr>`
  })
  const then = periodPrice(plan, format)
  const cycle = plan.billingCycle
  const trial = plan.trialPeriodDays
    ? `<p class="trial">${escapeHtml(t.checkout.trialDays(plan.trialPeriodDays, then))}</p>`
    : plan.trialEnd
      ? `<p class="trial">${escapeHtml(t.checkout.freeUntil(format.date(plan.trialEnd), then))}</p>`
      : cycle
        ? `<p class="trial">${escapeHtml((cycle.shareDueToday > 0 ? t.checkout.proratedUntil : t.checkout.freeUntil)(format.date(cycle.anchor), then))}</p>`
        : ''
  const currency = session.currency ?? plan.lineItems[0]?.currency ?? 'usd'
  return `${trial}<table class="summary">
<tbody>${rows.join('')}${discountRow}</tbody>
<tfoot><tr><th scope="row">${escapeHtml(t.checkout.totalDueToday)}</th><td class="amount">${escapeHtml(format.money(session.amount_total ?? 0, currency))}</td></tr></tfoot>
</table>`
}

/** What every recurring item together bills each period once a trial ends, at list price: `€27.00 per month`. */
function periodPrice(plan: CheckoutSessionPlan, format: PageFormatter): string {
  const recurring = plan.lineItems.filter((item) => item.price?.recurring)
  const first = recurring[0]?.price
  if (!first) return ''
  const total = recurring.reduce((sum, item) => sum + (item.price?.unit_amount ?? 0) * (item.quantity ?? 1), 0)
  return format.price({ ...first, unit_amount: total })
}

function renderClosedSession(
  emulator: Emulator,
  session: StoredCheckoutSession,
  { t, lang }: PageLocale,
): PageResponse {
  const business = emulator.settings.businessName
  const complete = session.status === 'complete'
  const link = complete
    ? `<p><a class="button primary" href="${escapeHtml(checkoutSuccessUrl(session))}">${escapeHtml(t.checkout.continueTo(business))}</a></p>`
    : session.cancel_url
      ? `<p><a href="${escapeHtml(session.cancel_url)}">${escapeHtml(t.layout.returnTo(business))}</a></p>`
      : ''
  const title = complete ? t.checkout.completeTitle : t.checkout.expiredTitle
  const message = complete
    ? session.mode === 'setup'
      ? t.checkout.setupComplete
      : t.checkout.completeMessage
    : t.checkout.expiredMessage
  return {
    status: complete ? 200 : 410,
    html: renderLayout(emulator, {
      title,
      lang,
      body: `<div class="card narrow"><h1>${escapeHtml(title)}</h1><p role="${complete ? 'status' : 'alert'}">${escapeHtml(message)}</p>${link}</div>`,
    }),
  }
}
