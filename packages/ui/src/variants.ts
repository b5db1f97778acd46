/** Joins class names, skipping empty ones; the host's `className` comes last so it wins. */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(' ')
}

type VariantConfig = Record<string, Record<string, string>>

/** The props of a variants function: one optional key per variant, plus a class to append. */
// biome-ignore lint/suspicious/noExplicitAny: any function of one props argument
export type VariantProps<Fn extends (props?: any) => string> = Omit<
  NonNullable<Parameters<Fn>[0]>,
  'class' | 'className'
>

/**
 * The class string of a component for its variant props, with the same call signature as `cva`
 * (`buttonVariants({ variant: 'outline', size: 'sm', className })`) without its runtime weight.
 */
export function variants<Config extends VariantConfig>(
  base: string,
  config: { variants: Config; defaultVariants: { [Name in keyof Config]: keyof Config[Name] } },
) {
  return (
    props: { [Name in keyof Config]?: keyof Config[Name] | null } & { class?: string; className?: string } = {},
  ): string =>
    cx(
      base,
      ...Object.keys(config.variants).map(
        (name) => config.variants[name]?.[String(props[name] ?? config.defaultVariants[name])],
      ),
      props.class,
      props.className,
    )
}
