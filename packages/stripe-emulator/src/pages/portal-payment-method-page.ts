import { StripeApiError } from '../http/stripe-api-error.js'
import { updateCardFromPortal } from '../portal/portal-actions.js'
import type { PageRequest, PageResponse } from './page-router.js'
import { type CardField, localizedErrorMessage, readCardForm, renderCardFields } from './portal-card-fields.js'
import { renderPortalPage } from './portal-layout.js'
import { afterAction, assertActionAllowed, type PortalPageContext, portalFrame } from './portal-page-context.js'
import { escapeHtml } from './render-layout.js'

/** "Update payment method": a card form; the card becomes the default and open invoices are retried. */
export function renderPaymentMethodPage(
  ctx: PortalPageContext,
  state: { error?: string; field?: CardField; values?: Partial<Record<CardField, string>>; status?: number } = {},
): PageResponse {
  assertActionAllowed(ctx, 'payment_method_update')
  const { t } = ctx
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  const back = ctx.activeFlow ? '' : `<p><a href="${ctx.base}">${escapeHtml(t.layout.backToOverview)}</a></p>`
  return renderPortalPage(portalFrame(ctx), {
    title: t.paymentMethod.title,
    status: state.status,
    body: `<h1>${escapeHtml(t.paymentMethod.title)}</h1>
<p class="muted">${escapeHtml(t.paymentMethod.intro)}</p>
<form method="post" action="${ctx.base}/payment-method" class="card" novalidate>
${error}
${renderCardFields({ t, error: state.field, values: state.values })}
<div class="actions"><button type="submit" class="primary">${escapeHtml(t.paymentMethod.submit)}</button></div>
</form>
${back}`,
  })
}

export function submitPaymentMethod(ctx: PortalPageContext, req: PageRequest): PageResponse {
  assertActionAllowed(ctx, 'payment_method_update')
  const values = {
    card_expiry: typeof req.form.card_expiry === 'string' ? req.form.card_expiry : '',
  }
  const read = readCardForm(req.form)
  if (!read.ok) {
    const error = ctx.t.card.problems[read.problem]
    return renderPaymentMethodPage(ctx, { error, field: read.field, values, status: 400 })
  }
  try {
    updateCardFromPortal(ctx.emulator, ctx.customer.id, read.card)
  } catch (error) {
    if (error instanceof StripeApiError && error.type === 'card_error') {
      const message = localizedErrorMessage(ctx.t, error)
      return renderPaymentMethodPage(ctx, { error: message, field: 'card_number', values, status: 402 })
    }
    throw error
  }
  return afterAction(ctx, 'payment_method')
}
