import type { StoredCheckoutSession } from '../checkout/checkout-session.js'
import { checkoutSuccessUrl } from '../checkout/complete-checkout-session.js'
import { completeSetupSession } from '../checkout/complete-setup-session.js'
import type { StoredCustomer } from '../customers/customer.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { checkoutLocale } from './checkout-locale.js'
import type { PageRequest, PageResponse } from './page-router.js'
import {
  type CardField,
  formString,
  localizedErrorMessage,
  readCardForm,
  renderCardFields,
} from './portal-card-fields.js'
import { escapeHtml, renderLayout } from './render-layout.js'

interface SetupFormState {
  error?: string
  field?: CardField
  values?: Partial<Record<CardField, string>>
  status?: number
}

/** Hosted Checkout in `setup` mode: a card form that saves the card for later without charging it. */
export function renderCheckoutSetupPage(
  req: PageRequest,
  session: StoredCheckoutSession,
  state: SetupFormState = {},
): PageResponse {
  const { emulator } = req
  const customer = session.customer
    ? emulator.state.find<StoredCustomer>('customer', session.customer as string)
    : undefined
  const { t, lang } = checkoutLocale(req, session)
  const business = escapeHtml(emulator.settings.businessName)
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  const email = customer?.email
    ? `<p><span class="label">${escapeHtml(t.checkout.email)}</span><br>${escapeHtml(customer.email)}</p>`
    : ''
  const cancel = session.cancel_url
    ? `<p><a class="back" href="${escapeHtml(session.cancel_url)}"><span aria-hidden="true">← </span>${escapeHtml(t.checkout.cancelAndReturn(emulator.settings.businessName))}</a></p>`
    : ''
  const body = `<div class="checkout" data-mode="setup">
<section class="checkout-summary" aria-labelledby="summary-heading">
<p class="brand">${business}<span class="test-badge">${escapeHtml(t.layout.testMode)}</span></p>
${cancel}
<h1 id="summary-heading">${escapeHtml(t.checkout.setupTitle)}</h1>
<p>${escapeHtml(t.checkout.setupIntro(emulator.settings.businessName))}</p>
</section>
<section class="checkout-pay" aria-labelledby="pay-heading">
<h2 id="pay-heading">${escapeHtml(t.checkout.setupHeading)}</h2>
<form method="post" action="/c/pay/${escapeHtml(session.id)}" novalidate>
${error}
${email}
${renderCardFields({ t, error: state.field, values: state.values })}
<div class="actions"><button type="submit" class="primary wide">${escapeHtml(t.checkout.setupSubmit)}</button></div>
</form>
</section>
</div>`
  return {
    status: state.status ?? 200,
    html: renderLayout(emulator, { title: t.checkout.setupTitle, body, lang }),
  }
}

export function submitCheckoutSetup(req: PageRequest, session: StoredCheckoutSession): PageResponse {
  const { emulator, form } = req
  const { t } = checkoutLocale(req, session)
  const values = { card_expiry: formString(form, 'card_expiry') ?? '' }
  const card = readCardForm(form)
  if (!card.ok) {
    const error = t.card.problems[card.problem]
    return renderCheckoutSetupPage(req, session, { error, field: card.field, values, status: 400 })
  }
  try {
    completeSetupSession(emulator, session.id, card.card)
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      return renderCheckoutSetupPage(req, session, {
        error: localizedErrorMessage(t, error),
        field: 'card_number',
        values,
        status: error.status,
      })
    }
    throw error
  }
  return { redirect: checkoutSuccessUrl(session) }
}
