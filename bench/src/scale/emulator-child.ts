import { startEmulator } from '@portal-kit/stripe-emulator'

// Run by `startEmulatorProcess`: the emulator alone in this process, its URL on the first line of
// stdout, closed when the parent closes stdin (or exits).
const emulator = await startEmulator({ scheduler: false })
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  void emulator.close().then(() => process.exit(0))
})
