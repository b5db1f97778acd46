/** One webhook receiver under test: a Web `Request -> Response` function with its own schema. */
export interface Contender {
  name: string
  handler: (req: Request) => Promise<Response>
  /** Subscription statuses as stored, for the convergence check after the run. */
  subscriptionStatuses(): Promise<Map<string, string>>
  close(): Promise<void>
}
