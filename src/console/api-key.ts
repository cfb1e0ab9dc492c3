/** Kept for this tab only, never in the page's files: the gateway serves those to anyone. */
const STORAGE = 'serverless-lab.apiKey'

export interface ApiKeyPrompt {
  /** The key to send, or null when none is needed or none is given yet. */
  readonly key: string | null
  /** Whether a call must wait for a key; if so, the prompt shows and the field takes the focus. */
  ask(): boolean
  /** Keeps the key the field holds, for this tab, and answers it. */
  save(): string | null
  /** The key was refused: the field is marked and takes the focus, to be corrected. */
  refused(): void
}

/**
 * The API key, when the gateway wants one (npm start with API_KEY): the page asks for it
 * before its first call instead of making a call it knows will be refused.
 */
export function createApiKeyPrompt(
  required: boolean,
  field: HTMLInputElement,
  prompt: HTMLElement,
): ApiKeyPrompt {
  field.closest('label')?.toggleAttribute('hidden', !required)
  field.required = required
  field.value = sessionStorage.getItem(STORAGE) ?? ''
  const focus = () => {
    field.focus()
    field.select()
  }
  return {
    get key() {
      return required ? sessionStorage.getItem(STORAGE) || null : null
    },
    ask() {
      const missing = required && !sessionStorage.getItem(STORAGE)
      prompt.hidden = !missing
      if (missing) focus()
      return missing
    },
    save() {
      if (!required) return null
      const key = field.value.trim()
      sessionStorage.setItem(STORAGE, key)
      field.removeAttribute('aria-invalid')
      prompt.hidden = key !== ''
      return key || null
    },
    refused() {
      field.setAttribute('aria-invalid', 'true')
      focus()
    },
  }
}
