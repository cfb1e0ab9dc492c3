import { json } from '@codemirror/lang-json'
import { type Diagnostic, forceLinting, linter, lintGutter, setDiagnostics } from '@codemirror/lint'
import { basicSetup, EditorView } from 'codemirror'
import { parseJsonText } from './json-text.js'

/**
 * The JSON error of a text as a mark on the character where the parser stopped, or none.
 * The parser is the one Save uses (lossless-json), whose messages all end "at position N":
 * CodeMirror's own jsonParseLinter reads the position from JSON.parse's message, which
 * Chromium leaves out for an unexpected token, and then marks the first character.
 */
export function jsonDiagnostics(text: string): Diagnostic[] {
  const parsed = parseJsonText(text)
  if (!('error' in parsed)) return []
  const position = /at position (\d+)/.exec(parsed.error)?.[1]
  const from = Math.min(Number(position ?? 0), text.length)
  // One character, so that the mark is seen; none past the end or across a line break.
  const to = from < text.length && text[from] !== '\n' ? from + 1 : from
  return [{ from, to, severity: 'error', message: parsed.error }]
}

/** The item editor: CodeMirror with JSON highlighting, bracket matching and syntax errors. */
export function createJsonEditor(parent: HTMLElement) {
  const view = new EditorView({
    doc: '',
    extensions: [
      basicSetup,
      json(),
      linter((editor) => jsonDiagnostics(editor.state.doc.toString()), { delay: 300 }),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Item as JSON' }),
    ],
    parent,
  })
  return {
    get text(): string {
      return view.state.doc.toString()
    },
    /** New text, e.g. another item: the marks of the text before go with it, at once. */
    set text(text: string) {
      view.dispatch(setDiagnostics(view.state, []), {
        changes: { from: 0, to: view.state.doc.length, insert: text },
      })
      forceLinting(view)
    },
    focus: () => view.focus(),
  }
}
