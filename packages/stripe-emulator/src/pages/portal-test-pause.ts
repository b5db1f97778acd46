/** The portal's pause feature offering pauses of the given numbers of months, as the pause tests configure it. */
export function pauseFeature(...months: number[]) {
  return {
    enabled: true,
    duration: {
      type: 'interval_options' as const,
      interval_options: months.map((count) => ({ interval: 'month' as const, interval_count: count })),
    },
  }
}
