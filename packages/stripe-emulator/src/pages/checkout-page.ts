import {
  type CheckoutSessionPlan,
  requireCheckoutSession,
  type StoredCheckoutSession,
} from '../checkout/checkout-session.js'
import { checkoutSuccessUrl, completeCheckoutSession } from '../checkout/complete-checkout-session.js'
import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { createPageFormatter, type PageFormatter } from '../portal/page-formatter.js'
import { billingFlowStrings } from './billing-flow-strings.js'
import { renderCheckoutSetupPage, submitCheckoutSetup } from './checkout-setup-page.js'
import type { PageRequest, PageResponse, PageRoute } from './page-router.js'
import { type CardField, formString, readCardForm, renderCardFields } from './portal-card-fields.js'
import { renderErrorPage } from './render-error-page.js'
import { escapeHtml, renderLayout } from './render-layout.js'

interface FormState {
  error?: string
  field?: CardField | 'email'
  values?: Partial<Record<CardField | 'email', string>>
  status?: number
}

/** Hosted Checkout: `checkout.session.url` shows the plan and a card form; paying completes the session. */
export const checkoutPageRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: '/c/pay/:id',
    handler: (req) =>
      withSession(req, (session) =>
        session.mode === 'setup'
          ? renderCheckoutSetupPage(req.emulator, session)
          : renderCheckoutPage(req.emulator, session),
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
]

function withSession(req: PageRequest, render: (session: StoredCheckoutSession) => PageResponse): PageResponse {
  const id = req.pathParams.id as string
  if (!req.emulator.state.find('checkout.session', id)) {
    return { status: 404, html: renderErrorPage(req.emulator, 404, 'This checkout link is not valid.') }
  }
  const session = requireCheckoutSession(req.emulator, id)
  if (session.status === 'open') return render(session)
  return renderClosedSession(req.emulator, session)
}

function submitCheckout(req: PageRequest, session: StoredCheckoutSession): PageResponse {
  const { emulator, form } = req
  const email = formString(form, 'email')?.trim()
  const values = { email: email ?? '', card_expiry: formString(form, 'card_expiry') ?? '' }
  const card = readCardForm(form)
  if (!card.ok) {
    return renderCheckoutPage(emulator, session, { error: card.message, field: card.field, values, status: 400 })
  }
  try {
    completeCheckoutSession(emulator, session.id, { ...(email ? { email } : {}), card: card.card })
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      const field = error.param === 'email' ? 'email' : 'card_number'
      return renderCheckoutPage(emulator, session, { error: error.message, field, values, status: error.status })
    }
    throw error
  }
  return { redirect: checkoutSuccessUrl(session) }
}

function renderCheckoutPage(emulator: Emulator, session: StoredCheckoutSession, state: FormState = {}): PageResponse {
  const customer = session.customer
    ? emulator.state.find<StoredCustomer>('customer', session.customer as string)
    : undefined
  const format = createPageFormatter(session.locale, customer?.preferred_locales ?? [])
  const plan = emulator.state.hidden<CheckoutSessionPlan>(session.id)
  const business = escapeHtml(emulator.settings.businessName)
  const knownEmail = customer?.email ?? session.customer_email
  const hasTrial = plan.trialPeriodDays !== undefined || plan.trialEnd !== undefined
  const invalid = (field: FormState['field']) =>
    state.field === field ? ' aria-invalid="true" aria-describedby="form-error"' : ''
  const emailField = knownEmail
    ? `<p><span class="label">Email</span><br>${escapeHtml(knownEmail)}</p>`
    : `<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(state.values?.email ?? '')}"${invalid('email')}>`
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  const cancel = session.cancel_url
    ? `<p><a class="back" href="${escapeHtml(session.cancel_url)}"><span aria-hidden="true">← </span>Cancel and return to ${business}</a></p>`
    : ''
  const body = `<div class="checkout">
<section class="checkout-summary" aria-labelledby="summary-heading">
<p class="brand">${business}<span class="test-badge">Test mode</span></p>
${cancel}
<h1 id="summary-heading">${escapeHtml(summaryTitle(plan))}</h1>
${renderSummary(plan, format, hasTrial, session)}
</section>
<section class="checkout-pay" aria-labelledby="pay-heading">
<h2 id="pay-heading">Pay with card</h2>
<form method="post" action="/c/pay/${escapeHtml(session.id)}" novalidate>
${error}
${emailField}
${renderCardFields({ error: state.field === 'email' ? undefined : state.field, values: state.values })}
<div class="actions"><button type="submit" class="primary wide">${hasTrial ? 'Start trial' : 'Pay and subscribe'}</button></div>
</form>
</section>
</div>`
  return {
    status: state.status ?? 200,
    html: renderLayout(emulator, { title: 'Checkout', body, lang: format.lang }),
  }
}

function summaryTitle(plan: CheckoutSessionPlan): string {
  const first = plan.lineItems[0]
  if (!first) return 'Subscribe'
  return plan.lineItems.length === 1 ? `Subscribe to ${first.description ?? 'this plan'}` : 'Subscribe'
}

function renderSummary(
  plan: CheckoutSessionPlan,
  format: PageFormatter,
  hasTrial: boolean,
  session: StoredCheckoutSession,
): string {
  const rows = plan.lineItems.map((item) => {
    const quantity = (item.quantity ?? 1) > 1 ? ` × ${item.quantity}` : ''
    const price = item.price ? format.price(item.price) : ''
    return `<tr><td>${escapeHtml(item.description ?? '')}${quantity}</td><td class="amount">${escapeHtml(price)}</td></tr>`
  })
  const trial = plan.trialPeriodDays
    ? `<p class="trial">${plan.trialPeriodDays} days free, then billed every period.</p>`
    : plan.trialEnd
      ? `<p class="trial">Free until ${escapeHtml(format.date(plan.trialEnd))}, then billed every period.</p>`
      : ''
  const currency = session.currency ?? plan.lineItems[0]?.currency ?? 'usd'
  return `${trial}<table class="summary">
<tbody>${rows.join('')}</tbody>
<tfoot><tr><th scope="row">Total due today</th><td class="amount">${escapeHtml(format.money(hasTrial ? 0 : (session.amount_total ?? 0), currency))}</td></tr></tfoot>
</table>`
}

function renderClosedSession(emulator: Emulator, session: StoredCheckoutSession): PageResponse {
  const business = escapeHtml(emulator.settings.businessName)
  const complete = session.status === 'complete'
  const link = complete
    ? `<p><a class="button primary" href="${escapeHtml(checkoutSuccessUrl(session))}">Continue to ${business}</a></p>`
    : session.cancel_url
      ? `<p><a href="${escapeHtml(session.cancel_url)}">Return to ${business}</a></p>`
      : ''
  const title = complete ? 'You’re all set' : 'This checkout link has expired'
  const message = complete
    ? session.mode === 'setup'
      ? billingFlowStrings.setupDone
      : 'This checkout has already been paid.'
    : 'This checkout session is no longer available. Start again from the site to subscribe.'
  return {
    status: complete ? 200 : 410,
    html: renderLayout(emulator, {
      title,
      body: `<div class="card narrow"><h1>${title}</h1><p role="${complete ? 'status' : 'alert'}">${message}</p>${link}</div>`,
    }),
  }
}
