import { json, jsonParseLinter } from '@codemirror/lang-json'
import { linter, lintGutter } from '@codemirror/lint'
import { basicSetup, EditorView } from 'codemirror'

/** The item editor: CodeMirror with JSON highlighting, bracket matching and syntax errors. */
export function createJsonEditor(parent: HTMLElement) {
  const view = new EditorView({
    doc: '',
    extensions: [
      basicSetup,
      json(),
      linter(jsonParseLinter()),
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
    set text(text: string) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } })
    },
    focus: () => view.focus(),
  }
}
