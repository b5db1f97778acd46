import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { matchesSearch, parseSearchQuery, type SearchField, type SearchFields } from '../http/search-query.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

const text = (name: string): SearchField => ({ type: 'string', read: (o) => o[name] })
const number = (name: string): SearchField => ({ type: 'number', read: (o) => o[name] })
const flag = (name: string): SearchField => ({ type: 'boolean', read: (o) => o[name] })

/** The query fields Stripe documents per searchable resource (metadata is always allowed). */
const searchable: Record<string, { type: string; path: string; fields: SearchFields }> = {
  customers: {
    type: 'customer',
    path: '/v1/customers/search',
    fields: {
      resource: 'customers',
      fields: { created: number('created'), email: text('email'), name: text('name'), phone: text('phone') },
    },
  },
  invoices: {
    type: 'invoice',
    path: '/v1/invoices/search',
    fields: {
      resource: 'invoices',
      fields: {
        created: number('created'),
        currency: text('currency'),
        customer: text('customer'),
        last_finalization_error_code: {
          type: 'string',
          read: (o) => (o.last_finalization_error as { code?: string } | null)?.code,
        },
        last_finalization_error_type: {
          type: 'string',
          read: (o) => (o.last_finalization_error as { type?: string } | null)?.type,
        },
        number: text('number'),
        receipt_number: text('receipt_number'),
        status: text('status'),
        subscription: {
          type: 'string',
          read: (o) =>
            (o.parent as { subscription_details?: { subscription?: string } } | null)?.subscription_details
              ?.subscription,
        },
        total: number('total'),
      },
    },
  },
  prices: {
    type: 'price',
    path: '/v1/prices/search',
    fields: {
      resource: 'prices',
      fields: {
        active: flag('active'),
        currency: text('currency'),
        lookup_key: text('lookup_key'),
        product: text('product'),
        type: text('type'),
      },
    },
  },
  products: {
    type: 'product',
    path: '/v1/products/search',
    fields: {
      resource: 'products',
      fields: {
        active: flag('active'),
        description: text('description'),
        name: text('name'),
        shippable: flag('shippable'),
        url: text('url'),
      },
    },
  },
  subscriptions: {
    type: 'subscription',
    path: '/v1/subscriptions/search',
    fields: { resource: 'subscriptions', fields: { created: number('created'), status: text('status') } },
  },
}

/**
 * `GET /v1/{customers,invoices,prices,products,subscriptions}/search`: a `search_result` page of up to `limit`
 * objects, newest first, with `next_page`; `total_count` only with `expand[]=total_count`, as on Stripe.
 */
export const searchRoutes: ApiRoute[] = Object.values(searchable).map(({ type, path, fields }) => ({
  method: 'GET',
  pattern: path,
  handler: ({ params, emulator }) => {
    params.only(['query', 'limit', 'page'])
    const query = parseSearchQuery(params.requiredString('query'), fields)
    const limit = params.integer('limit') ?? 10
    if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit')
    const offset = decodePage(params)
    const matches = emulator.state.list<StoredObject>(
      type,
      (o) => o.deleted !== true && matchesSearch(o, query, fields),
    )
    const hasMore = offset + limit < matches.length
    return {
      object: 'search_result',
      data: matches.slice(offset, offset + limit),
      has_more: hasMore,
      next_page: hasMore ? Buffer.from(String(offset + limit)).toString('base64url') : null,
      url: path,
      ...(params.expand().includes('total_count') ? { total_count: matches.length } : {}),
    }
  },
}))

function decodePage(params: Params): number {
  const page = params.string('page')
  if (!page) return 0
  const offset = Number(Buffer.from(page, 'base64url').toString('utf8'))
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidRequest('Invalid page token.', 'page')
  return offset
}
