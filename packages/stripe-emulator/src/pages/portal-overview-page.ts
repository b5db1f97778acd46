import type { StoredInvoice } from '../billing/create-invoice.js'
import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredPrice } from '../catalog/price.js'
import type { StoredProduct } from '../catalog/product.js'
import type { StoredPaymentMethod } from '../payment-methods/payment-method.js'
import { customerLiveSubscriptions, scheduledCancellation } from '../portal/portal-actions.js'
import type { PageResponse } from './page-router.js'
import { renderPortalPage } from './portal-layout.js'
import { type PortalDone, type PortalPageContext, portalFrame } from './portal-page-context.js'
import { renderPauseState } from './portal-pause-page.js'
import { renderPendingChange } from './portal-scheduled-changes.js'
import { renderSubscriptionDiscounts } from './portal-subscription-discounts.js'
import { escapeHtml } from './render-layout.js'

const cardBrands: Record<string, string> = {
  amex: 'American Express',
  diners: 'Diners Club',
  discover: 'Discover',
  eftpos_au: 'eftpos',
  jcb: 'JCB',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
}

/**
 * The portal home: a payment that needs the customer comes first (pay the open invoice or change the
 * card), then current plan(s) with their actions, default card, invoice history.
 */
export function renderPortalOverview(ctx: PortalPageContext, query: URLSearchParams): PageResponse {
  const { t } = ctx
  const done = query.get('done') as PortalDone | null
  const doneText = done && Object.hasOwn(t.overview.done, done) ? t.overview.done[done] : undefined
  const notice = doneText ? `<p role="status" class="notice">${escapeHtml(doneText)}</p>` : ''
  const subscriptions = customerLiveSubscriptions(ctx.emulator, ctx.customer.id)
  const attention = renderPaymentNeeded(ctx, subscriptions)
  const sections = [
    attention,
    renderSubscriptions(ctx, subscriptions),
    renderPaymentMethod(ctx, subscriptions, { withAction: !attention }),
    ctx.config.features.invoice_history.enabled ? renderInvoiceHistory(ctx) : '',
  ]
  return renderPortalPage(portalFrame(ctx), {
    title: t.overview.title,
    body: `<h1>${escapeHtml(t.overview.title)}</h1>${notice}${sections.join('\n')}`,
  })
}

/** The open invoice of a subscription whose payment failed or never went through, if there is one to pay. */
function unpaidInvoice(ctx: PortalPageContext, subscription: StoredSubscription): StoredInvoice | undefined {
  if (!['past_due', 'unpaid', 'incomplete'].includes(subscription.status)) return undefined
  const latest = subscription.latest_invoice as string | null
  const invoice = latest ? ctx.emulator.state.find<StoredInvoice>('invoice', latest) : undefined
  if (invoice?.status === 'open') return invoice
  return ctx.emulator.state.list<StoredInvoice>(
    'invoice',
    (candidate) => candidate.subscription === subscription.id && candidate.status === 'open',
  )[0]
}

function renderPaymentNeeded(ctx: PortalPageContext, subscriptions: StoredSubscription[]): string {
  const { t, format } = ctx
  const failing = subscriptions.find((s) => ['past_due', 'unpaid', 'incomplete'].includes(s.status))
  if (!failing) return ''
  const invoice = unpaidInvoice(ctx, failing)
  const amount = invoice ? format.money(invoice.amount_remaining, invoice.currency) : ''
  const incomplete = failing.status === 'incomplete'
  const heading = incomplete ? t.overview.paymentIncompleteHeading : t.overview.paymentFailedHeading
  const detail = !invoice
    ? incomplete
      ? t.overview.incompleteWarning
      : t.overview.pastDueWarning
    : incomplete
      ? t.overview.paymentIncompleteDetail(amount)
      : t.overview.paymentFailedDetail(amount, format.date(invoice.created))
  const actions: string[] = []
  if (invoice?.hosted_invoice_url) {
    actions.push(
      `<a class="button primary" href="${escapeHtml(invoice.hosted_invoice_url)}">${escapeHtml(t.overview.payInvoice)}<span class="sr-only">${escapeHtml(t.overview.payInvoiceNamed(invoice.number ?? invoice.id))}</span></a>`,
    )
  }
  if (ctx.config.features.payment_method_update.enabled) {
    actions.push(
      `<form method="get" action="${ctx.base}/payment-method"><button type="submit"${invoice ? '' : ' class="primary"'}>${escapeHtml(t.overview.updatePaymentMethod)}</button></form>`,
    )
  }
  return `<section class="card attention" aria-labelledby="attention-heading" data-state="${escapeHtml(failing.status)}">
<h2 id="attention-heading">${escapeHtml(heading)}</h2>
<p role="alert">${escapeHtml(detail)}</p>
${actions.length > 0 ? `<div class="actions">${actions.join('')}</div>` : ''}
</section>`
}

function renderSubscriptions(ctx: PortalPageContext, subscriptions: StoredSubscription[]): string {
  const { t } = ctx
  const heading = `<h2 id="plan-heading">${escapeHtml(subscriptions.length > 1 ? t.overview.currentPlans : t.overview.currentPlan)}</h2>`
  if (subscriptions.length === 0) {
    return `<section aria-labelledby="plan-heading">${heading}<div class="card"><p class="muted">${escapeHtml(t.overview.noSubscription)}</p></div></section>`
  }
  return `<section aria-labelledby="plan-heading">${heading}${subscriptions.map((s) => renderSubscription(ctx, s)).join('\n')}</section>`
}

function renderSubscription(ctx: PortalPageContext, subscription: StoredSubscription): string {
  const { format, config, emulator, t } = ctx
  const lines = subscription.items.data.map((item) => {
    const price = emulator.state.find<StoredPrice>('price', item.price.id) ?? (item.price as StoredPrice)
    const product = emulator.state.find<StoredProduct>('product', price.product as string)
    const quantity = (item.quantity ?? 1) > 1 ? ` <span class="muted">× ${item.quantity}</span>` : ''
    return `<p class="plan-name">${escapeHtml(product?.name ?? price.nickname ?? price.id)}${quantity}</p>
<p class="plan-price">${escapeHtml(format.price(price))}</p>`
  })
  const cancelsAt = scheduledCancellation(subscription)
  const periodEnd = subscription.items.data[0]?.current_period_end
  const badge = (label: string, tone = '') => `<span class="badge${tone}">${escapeHtml(label)}</span>`
  let status: string
  if (subscription.status === 'past_due' || subscription.status === 'unpaid') {
    const label = subscription.status === 'past_due' ? t.overview.pastDueBadge : t.overview.unpaidBadge
    // What failed and what to do is said once, in the panel that leads the page.
    status = `<p>${badge(label, ' danger')}</p>`
  } else if (subscription.status === 'incomplete') {
    status = `<p>${badge(t.overview.incompleteBadge, ' danger')}</p>`
  } else if (cancelsAt) {
    status = `<p>${badge(t.overview.cancelingBadge, ' warning')} ${escapeHtml(t.overview.cancelsOn(format.date(cancelsAt)))}</p>`
  } else if (subscription.status === 'trialing' && subscription.trial_end) {
    status = `<p>${badge(t.overview.trialBadge)} ${escapeHtml(t.overview.trialEndsOn(format.date(subscription.trial_end)))}</p>`
  } else if (periodEnd) {
    status = `<p class="muted">${escapeHtml(t.overview.renewsOn(format.date(periodEnd)))}</p>`
  } else {
    status = ''
  }

  const sub = `${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}`
  const pause = renderPauseState(ctx, subscription)
  const actions: string[] = []
  const canSwitch =
    config.features.subscription_update.enabled &&
    (config.features.subscription_update.products ?? []).length > 0 &&
    subscription.items.data.length === 1 &&
    !cancelsAt
  if (canSwitch) {
    actions.push(
      `<form method="get" action="${sub}/update"><button type="submit">${escapeHtml(t.overview.switchPlan)}</button></form>`,
    )
  }
  if (pause.action) actions.push(pause.action)
  if (cancelsAt) {
    actions.push(
      `<form method="post" action="${sub}/renew"><button type="submit" class="primary">${escapeHtml(t.overview.renew)}</button></form>`,
    )
  } else if (config.features.subscription_cancel.enabled) {
    actions.push(
      `<form method="get" action="${sub}/cancel"><button type="submit">${escapeHtml(t.overview.cancel)}</button></form>`,
    )
  }
  return `<div class="card subscription" data-subscription="${escapeHtml(subscription.id)}" data-status="${escapeHtml(subscription.status)}">
${lines.join('\n')}
${renderSubscriptionDiscounts(ctx, subscription)}
${status}
${renderPendingChange(ctx, subscription)}${pause.status}
${actions.length > 0 ? `<div class="actions">${actions.join('')}</div>` : ''}
</div>`
}

function renderPaymentMethod(
  ctx: PortalPageContext,
  subscriptions: StoredSubscription[],
  options: { withAction: boolean },
): string {
  const { t } = ctx
  const defaultId =
    (ctx.customer.invoice_settings?.default_payment_method as string | null) ??
    (subscriptions.find((s) => s.default_payment_method)?.default_payment_method as string | undefined) ??
    null
  const pm = defaultId ? ctx.emulator.state.find<StoredPaymentMethod>('payment_method', defaultId) : undefined
  const canUpdate = ctx.config.features.payment_method_update.enabled
  if (!pm && !canUpdate) return ''
  const card = pm?.card
  const expiry = card ? `${String(card.exp_month).padStart(2, '0')}/${card.exp_year}` : ''
  const description = card
    ? `<p class="card-line"><span class="brand-name">${escapeHtml(cardBrands[card.brand] ?? card.brand)}</span> •••• ${escapeHtml(card.last4)} <span class="muted">${escapeHtml(t.overview.expires(expiry))}</span></p>`
    : `<p class="muted">${escapeHtml(t.overview.noPaymentMethod)}</p>`
  // When a payment needs the customer, the card action sits with it at the top of the page.
  const action =
    canUpdate && options.withAction
      ? `<div class="actions"><form method="get" action="${ctx.base}/payment-method"><button type="submit">${escapeHtml(t.overview.updatePaymentMethod)}</button></form></div>`
      : ''
  return `<section aria-labelledby="payment-heading"><h2 id="payment-heading">${escapeHtml(t.overview.paymentMethod)}</h2><div class="card">${description}${action}</div></section>`
}

function renderInvoiceHistory(ctx: PortalPageContext): string {
  const { t } = ctx
  const invoices = ctx.emulator.state.listWhere<StoredInvoice>(
    'invoice',
    'customer',
    ctx.customer.id,
    (invoice) => invoice.status !== 'draft',
  )
  const heading = `<h2 id="invoices-heading">${escapeHtml(t.overview.invoiceHistory)}</h2>`
  if (invoices.length === 0) {
    return `<section aria-labelledby="invoices-heading">${heading}<div class="card"><p class="muted">${escapeHtml(t.overview.noInvoices)}</p></div></section>`
  }
  const rows = invoices.map((invoice) => {
    const link = invoice.hosted_invoice_url
      ? `<a href="${escapeHtml(invoice.hosted_invoice_url)}">${escapeHtml(t.overview.view)}<span class="sr-only">${escapeHtml(t.overview.viewInvoice(invoice.number ?? invoice.id))}</span></a>`
      : ''
    const status = invoice.status ?? 'draft'
    return `<tr><td>${escapeHtml(ctx.format.shortDate(invoice.created))}</td><td>${escapeHtml(ctx.format.money(invoice.total, invoice.currency))}</td><td><span class="badge" data-status="${escapeHtml(status)}">${escapeHtml(t.invoiceStatus[status] ?? status)}</span></td><td class="amount">${link}</td></tr>`
  })
  return `<section aria-labelledby="invoices-heading">${heading}<div class="card"><table>
<thead><tr><th scope="col">${escapeHtml(t.overview.columnDate)}</th><th scope="col">${escapeHtml(t.overview.columnAmount)}</th><th scope="col">${escapeHtml(t.overview.columnStatus)}</th><th scope="col"><span class="sr-only">${escapeHtml(t.overview.columnInvoice)}</span></th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`
}
