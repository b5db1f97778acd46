export type { FakeAnswer, FakeBillingTransport, FakeTransportOptions } from './create-fake-transport.js'
export { createFakeTransport } from './create-fake-transport.js'
