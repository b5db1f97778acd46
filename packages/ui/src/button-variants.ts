import { variants } from './variants.js'

/** The look of every action the kit renders; hosts reuse it for their own buttons or replace it via `asChild`. */
export const buttonVariants = variants('pk-button', {
  variants: {
    variant: {
      primary: 'pk-button--primary',
      secondary: 'pk-button--secondary',
      outline: 'pk-button--outline',
      ghost: 'pk-button--ghost',
      link: 'pk-button--link',
    },
    size: {
      sm: 'pk-button--sm',
      md: 'pk-button--md',
      lg: 'pk-button--lg',
    },
  },
  defaultVariants: { variant: 'primary', size: 'md' },
})
