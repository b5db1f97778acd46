import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredPrice } from '../catalog/price.js'
import type { StoredProduct } from '../catalog/product.js'
import { pendingChange } from '../schedules/schedule-change-at-period-end.js'
import type { PortalPageContext } from './portal-page-context.js'
import { escapeHtml } from './render-layout.js'

/** A plan change scheduled at period end, described for a page: the plan's name, its price and the date. */
export function describePendingChange(
  ctx: PortalPageContext,
  subscription: StoredSubscription,
): { plan: string; date: string; price: StoredPrice } | undefined {
  const change = pendingChange(ctx.emulator, subscription)
  if (!change) return undefined
  const product = ctx.emulator.state.find<StoredProduct>('product', change.price.product as string)
  const plan = `${product?.name ?? change.price.id}${change.quantity > 1 ? ` × ${change.quantity}` : ''}`
  return { plan, date: ctx.format.date(change.at), price: change.price }
}

/** The overview's line for a plan change scheduled at period end: "Changes to Basic on March 1, 2030". */
export function renderPendingChange(ctx: PortalPageContext, subscription: StoredSubscription): string {
  const change = describePendingChange(ctx, subscription)
  if (!change) return ''
  return `<p class="scheduled-change" data-slot="scheduled-change">${escapeHtml(
    ctx.t.switchPlan.changesOn(change.plan, change.date),
  )} <span class="muted">(${escapeHtml(ctx.format.price(change.price))})</span></p>`
}
