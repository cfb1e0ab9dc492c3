/**
 * The browser console, served by the local gateway at GET /: explore a table's items the way
 * the DynamoDB console's "Explore items" does, through the same typed client and the same
 * API as every other user of it. Bundled by esbuild (src/local/console/bundle.ts).
 */

import type { PageResult } from '../client/api-types.js'
import { createClient } from '../client/client.js'
import { DynamoDBManagerError } from '../client/errors.js'
import { isJsonObject, type JsonObject } from '../client/json-codec.js'
import { apiKeyAuth } from '../client/request-signer.js'
import { createApiKeyPrompt } from './api-key.js'
import { byId, byName, showAlert } from './dom.js'
import { errorInWords } from './error-words.js'
import { renderItems } from './items-table.js'
import { createJsonEditor } from './json-editor.js'
import { formatJson, parseJsonText } from './json-text.js'
import { FormError, type ReadRequest, readRequestOf } from './read-request.js'

interface ConsoleConfig {
  readonly tableName: string
  readonly keyAttributes: string[]
  /** Whether the gateway was started with API_KEY: the page then asks for the key. */
  readonly apiKeyRequired: boolean
}

const config = (await (await fetch('/console/config.json')).json()) as ConsoleConfig

const tableForm = byId('table-form', HTMLFormElement)
const apiKey = createApiKeyPrompt(
  config.apiKeyRequired,
  byName(tableForm, 'apiKey'),
  byId('api-key-prompt', HTMLParagraphElement),
)
const clientFor = (key: string | null) =>
  createClient({ url: window.location.origin, ...(key ? { signer: apiKeyAuth(key) } : {}) })
let client = clientFor(apiKey.key)

const filterForm = byId('filter-form', HTMLFormElement)
const alertBox = byId('alert', HTMLDivElement)
const statusLine = byId('status', HTMLParagraphElement)
const itemsTable = byId('items', HTMLTableElement)
const itemsPanel = itemsTable.closest('section') ?? document.body
const count = byId('count', HTMLSpanElement)
const previousButton = byId('previous', HTMLButtonElement)
const nextButton = byId('next', HTMLButtonElement)
const pageNumber = byId('page-number', HTMLSpanElement)
const editorDialog = byId('editor', HTMLDialogElement)
const editorTitle = byId('editor-title', HTMLHeadingElement)
const editorAlert = byId('editor-alert', HTMLDivElement)
const deleteButton = byId('delete', HTMLButtonElement)
const confirmDialog = byId('confirm', HTMLDialogElement)
const confirmText = byId('confirm-text', HTMLParagraphElement)
const editor = createJsonEditor(byId('json-editor', HTMLDivElement))

const state = {
  tableName: config.tableName,
  keyAttributes: config.keyAttributes,
  request: { operation: 'list', payload: { Limit: 25 } } as ReadRequest,
  /** The ExclusiveStartKey of each page seen so far: the first page has none. */
  startKeys: [undefined] as (JsonObject | undefined)[],
  pageIndex: 0,
  /** The item open in the editor, as it was read; undefined when creating one. */
  editing: undefined as JsonObject | undefined,
}

const keyOf = (item: JsonObject): JsonObject =>
  Object.fromEntries(state.keyAttributes.map((name) => [name, item[name] ?? null]))

function setBusy(busy: boolean): void {
  itemsPanel.setAttribute('aria-busy', String(busy))
}

async function loadPage(index: number): Promise<void> {
  // Without the key the call would only be refused: ask for it first.
  if (apiKey.ask()) return
  const startKey = state.startKeys[index]
  const { operation, payload } = state.request
  setBusy(true)
  showAlert(alertBox, undefined)
  try {
    const page = (await client.call(
      operation,
      startKey === undefined ? payload : { ...payload, ExclusiveStartKey: startKey },
      { tableName: state.tableName },
    )) as PageResult
    state.pageIndex = index
    state.startKeys.length = index + 1
    if (page.LastEvaluatedKey !== undefined) state.startKeys.push(page.LastEvaluatedKey)
    renderItems(itemsTable, page.Items, state.keyAttributes, openEditor)
    count.textContent = `(${page.Count})`
    statusLine.textContent = `${operation === 'query' ? 'Query' : 'Scan'} of ${state.tableName}: ${page.Count} items returned, ${page.ScannedCount} read.`
  } catch (error) {
    statusLine.textContent = ''
    if (
      error instanceof DynamoDBManagerError &&
      (error.code === 'Unauthorized' || error.code === 'Forbidden')
    )
      apiKey.refused()
    showAlert(
      alertBox,
      errorInWords(error, operation === 'query' ? 'run the query' : 'scan the table'),
    )
  } finally {
    previousButton.disabled = state.pageIndex === 0
    nextButton.disabled = state.startKeys[state.pageIndex + 1] === undefined
    pageNumber.textContent = `Page ${state.pageIndex + 1}`
    setBusy(false)
  }
}

function restart(): Promise<void> {
  state.startKeys = [undefined]
  return loadPage(0)
}

function openEditor(item?: JsonObject): void {
  if (apiKey.ask()) return
  state.editing = item
  editorTitle.textContent = item === undefined ? 'Create item' : 'Edit item'
  deleteButton.hidden = item === undefined
  const template = Object.fromEntries(state.keyAttributes.map((name) => [name, '']))
  editor.text = formatJson(item ?? template, 2)
  showAlert(editorAlert, undefined)
  editorDialog.showModal()
  editor.focus()
}

/** The editor's item, or a sentence saying what is wrong with it. */
function editedItem(): JsonObject | string {
  const parsed = parseJsonText(editor.text)
  if ('error' in parsed) return `The item is not valid JSON: ${parsed.error}.`
  const item = parsed.value
  if (!isJsonObject(item)) return 'The item must be a JSON object, e.g. {"id": "1", "name": "Bob"}.'
  const missing = state.keyAttributes.filter((name) => item[name] === undefined)
  if (missing.length > 0) return `The item needs its key attribute ${missing.join(' and ')}.`
  return item
}

async function saveItem(): Promise<void> {
  const item = editedItem()
  if (typeof item === 'string') {
    showAlert(editorAlert, { title: 'Could not save the item.', explanation: item, detail: '' })
    return
  }
  const original = state.editing
  const key = keyOf(item)
  try {
    if (original === undefined) {
      // Create never overwrites: an existing key is said, not silently replaced.
      await client.create(
        {
          Item: item,
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': state.keyAttributes[0] ?? 'id' },
        },
        { tableName: state.tableName },
      )
    } else {
      await client.create({ Item: item }, { tableName: state.tableName })
      // A changed key makes a new item: the old one goes, as in the DynamoDB console.
      if (formatJson(keyOf(original)) !== formatJson(key))
        await client.delete({ Key: keyOf(original) }, { tableName: state.tableName })
    }
  } catch (error) {
    const words = errorInWords(error, 'save the item')
    const exists =
      original === undefined &&
      error instanceof DynamoDBManagerError &&
      error.code === 'ConditionalCheckFailed'
    showAlert(
      editorAlert,
      exists
        ? {
            ...words,
            explanation: `An item with the key ${formatJson(key)} already exists. Open it from the table to edit it, or choose another key.`,
          }
        : words,
    )
    return
  }
  editorDialog.close()
  statusLine.textContent = `Saved the item ${formatJson(key)}.`
  await loadPage(state.pageIndex)
  statusLine.textContent = `Saved the item ${formatJson(key)}.`
}

async function deleteItem(): Promise<void> {
  const original = state.editing
  if (original === undefined) return
  const key = keyOf(original)
  try {
    await client.delete({ Key: key }, { tableName: state.tableName })
  } catch (error) {
    confirmDialog.close()
    showAlert(editorAlert, errorInWords(error, 'delete the item'))
    return
  }
  confirmDialog.close()
  editorDialog.close()
  await loadPage(state.pageIndex)
  statusLine.textContent = `Deleted the item ${formatJson(key)}.`
}

function syncMode(): void {
  const query = new FormData(filterForm).get('mode') === 'query'
  for (const element of filterForm.querySelectorAll<HTMLElement>('.query-only'))
    element.hidden = !query
}

byName(tableForm, 'tableName').value = state.tableName
byName(tableForm, 'keyAttributes').value = state.keyAttributes.join(', ')
tableForm.addEventListener('submit', (event) => {
  event.preventDefault()
  const form = new FormData(tableForm)
  client = clientFor(apiKey.save())
  state.tableName = String(form.get('tableName') ?? '').trim()
  state.keyAttributes = String(form.get('keyAttributes') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  void restart()
})

filterForm.addEventListener('change', syncMode)
filterForm.addEventListener('submit', (event) => {
  event.preventDefault()
  try {
    state.request = readRequestOf(new FormData(filterForm))
  } catch (error) {
    if (!(error instanceof FormError)) throw error
    const mode = new FormData(filterForm).get('mode') === 'query' ? 'run the query' : 'scan'
    showAlert(alertBox, { title: `Could not ${mode}.`, explanation: error.message, detail: '' })
    return
  }
  void restart()
})
/** Runs what the filter form says, from the first page. */
function applyFilterForm(): Promise<void> {
  syncMode()
  state.request = readRequestOf(new FormData(filterForm))
  return restart()
}

filterForm.addEventListener('reset', () => {
  // After the form has put its defaults back.
  setTimeout(() => void applyFilterForm())
})

previousButton.addEventListener('click', () => void loadPage(state.pageIndex - 1))
nextButton.addEventListener('click', () => void loadPage(state.pageIndex + 1))
byId('create', HTMLButtonElement).addEventListener('click', () => openEditor())
byId('save', HTMLButtonElement).addEventListener('click', () => void saveItem())
byId('cancel', HTMLButtonElement).addEventListener('click', () => editorDialog.close())
byId('format', HTMLButtonElement).addEventListener('click', () => {
  const item = parseJsonText(editor.text)
  if ('error' in item)
    showAlert(editorAlert, {
      title: 'Could not format the JSON.',
      explanation: `It is not valid JSON: ${item.error}.`,
      detail: '',
    })
  else editor.text = formatJson(item.value, 2)
})
deleteButton.addEventListener('click', () => {
  if (state.editing === undefined) return
  confirmText.textContent = `Delete the item with the key ${formatJson(keyOf(state.editing))} from ${state.tableName}? This cannot be undone.`
  confirmDialog.showModal()
})
byId('confirm-delete', HTMLButtonElement).addEventListener('click', () => void deleteItem())
byId('confirm-cancel', HTMLButtonElement).addEventListener('click', () => confirmDialog.close())

await applyFilterForm()
