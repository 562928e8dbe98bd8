import type { InputHTMLAttributes } from 'preact'

/**
 * A text input that takes every input attribute (name, type, min, step, placeholder …) and reports
 * its text as typed; ui/components' TextInput types its props as plain HTML attributes only.
 */
export function Input(props: Omit<InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value'> & { value: string; onValue: (value: string) => void }) {
  const { onValue, ...rest } = props
  return <input {...rest} value={props.value} onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)} />
}
