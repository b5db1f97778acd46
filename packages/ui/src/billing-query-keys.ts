/** Query keys hold every variable their query function reads, so two mounts never share stale data. */
export const billingQueryKeys = {
  all: ['portal-kit'] as const,
  status: (basePath: string) => ['portal-kit', 'status', basePath] as const,
}
