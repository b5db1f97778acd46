/** The billing route's base path as it is joined to a route: `/api/billing/` and `/api/billing` are one. */
export function trimBasePath(basePath: string): string {
  return basePath.replace(/\/+$/, '')
}
