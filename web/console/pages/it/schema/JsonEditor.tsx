import { useState } from 'preact/hooks'
import { maskSecrets, unmaskFrom, type Json, type JsonSchema, type OpenApiDoc, type Value } from './schema'

/**
 * The same value as raw JSON, for what the form makes awkward (pasting a connection file). Every
 * valid edit goes straight back to the form's value; secrets show as the mask, and a mask left in
 * place keeps the secret the form holds.
 */
export function JsonEditor(props: { value: Value; onChange: (value: Value) => void; schema: JsonSchema; doc: OpenApiDoc; label: string; disabled?: boolean }) {
  const [text, setText] = useState(() => JSON.stringify(maskSecrets(props.value, props.schema, props.doc) ?? {}, null, 2))
  const [error, setError] = useState<string | undefined>(undefined)
  const onInput = (t: string) => {
    setText(t)
    let parsed: Json
    try {
      parsed = JSON.parse(t) as Json
    } catch (err) {
      setError(`not JSON yet: ${(err as Error).message}`)
      return
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError('must be a JSON object')
      return
    }
    setError(undefined)
    props.onChange(unmaskFrom(parsed, props.value))
  }
  return (
    <div class={`field ${error ? 'has-issue' : ''}`}>
      <label class="field-label" for="json-editor">
        {props.label}
      </label>
      <textarea
        id="json-editor"
        spellcheck={false}
        rows={Math.min(40, Math.max(12, text.split('\n').length + 1))}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: '12.5px', width: '100%' }}
        value={text}
        disabled={props.disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby="json-editor-hint"
        onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {error ? (
        <span class="field-issue" id="json-editor-hint">
          {error}
        </span>
      ) : (
        <span class="field-hint" id="json-editor-hint">
          Every valid change shows in the form at once. Secrets show as ******** (keep it to keep the secret).
        </span>
      )}
    </div>
  )
}
