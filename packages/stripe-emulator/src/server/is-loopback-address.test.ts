import { describe, expect, it } from 'vitest'
import { isLoopbackAddress } from './is-loopback-address.js'

describe('isLoopbackAddress', () => {
  it('accepts this machine in IPv4, IPv6 and IPv4-mapped form', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(address)).toBe(true)
    }
  })

  it('refuses other machines and look-alikes', () => {
    for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '127.example.com', '', undefined]) {
      expect(isLoopbackAddress(address)).toBe(false)
    }
  })
})
