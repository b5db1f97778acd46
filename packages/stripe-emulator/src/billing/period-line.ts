import type { StoredPrice } from '../catalog/price.js'

/** An item's whole-period line (price times quantity, and its product), as a period invoice bills it and discounts see it. */
export function periodLine(item: { price: StoredPrice; quantity: number }): { amount: number; product: string } {
  const product = item.price.product
  return {
    amount: (item.price.unit_amount ?? 0) * item.quantity,
    product: typeof product === 'string' ? product : product.id,
  }
}
