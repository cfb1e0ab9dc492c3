/**
 * The browser console, served by the local gateway at GET /: explore a table's items the way
 * the DynamoDB console's "Explore items" does, through the same typed client and the same
 * API as every other user of it. Bundled by esbuild (src/local/console/bundle.ts).
 */

import type { DeclaredTable, PageResult, TablesResult } from '../client/api-types.js'
import { createClient } from '../client/client.js'
import { DynamoDBManagerError } from '../client/errors.js'
import { isJsonObject, type JsonObject } from '../client/json-codec.js'
import { apiKeyAuth } from '../client/request-signer.js'
import { createApiKeyPrompt } from './api-key.js'
import { byId, byName, selectByName, showAlert } from './dom.js'
import { errorInWords } from './error-words.js'
import { renderItems } from './items-table.js'
import { createJsonEditor } from './json-editor.js'
import { formatJson, parseJsonText } from './json-text.js'
import { FormError, type ReadRequest, readRequestOf } from './read-request.js'
import {
  addressWithTable,
  fillIndexPicker,
  fillTablePicker,
  type IndexChoice,
  indexChoicesOf,
  keyNamesOf,
  keyText,
  tableOfAddress,
  tableSummary,
} from './table-picker.js'

interface ConsoleConfig {
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

const tablePicker = selectByName(tableForm, 'tableName')
const tableSummaryLine = byId('table-summary', HTMLParagraphElement)
const filterForm = byId('filter-form', HTMLFormElement)
const indexPicker = selectByName(filterForm, 'index')
const partitionKeyLabel = byId('partition-key-label', HTMLSpanElement)
const sortKeyLabel = byId('sort-key-label', HTMLSpanElement)
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

/** Until the API has said which tables it serves: a table of the lab's shape, never read. */
const NO_TABLE: DeclaredTable = { name: '', partitionKey: { name: 'id', type: 'S' } }

const state = {
  /** What the API's `tables` answered; undefined until it has. */
  catalog: undefined as TablesResult | undefined,
  table: NO_TABLE,
  /** The chosen table's key attributes, from its declaration. */
  keyAttributes: ['id'],
  request: { operation: 'list', payload: { Limit: 25 } } as ReadRequest,
  /** The table or index the request reads. */
  source: indexChoicesOf(NO_TABLE)[0] as IndexChoice,
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
  const { indexName } = state.source
  setBusy(true)
  showAlert(alertBox, undefined)
  try {
    const page = (await client.call(
      operation,
      startKey === undefined ? payload : { ...payload, ExclusiveStartKey: startKey },
      { tableName: state.table.name },
    )) as PageResult
    state.pageIndex = index
    state.startKeys.length = index + 1
    if (page.LastEvaluatedKey !== undefined) state.startKeys.push(page.LastEvaluatedKey)
    // The index's keys come right after the table's: they are what the read went by.
    const leading = [...new Set([...state.keyAttributes, ...keyNamesOf(state.source)])]
    renderItems(itemsTable, page.Items, leading, (item) => void openItem(item))
    count.textContent = `(${page.Count})`
    const read = `${operation === 'query' ? 'Query' : 'Scan'} of ${state.table.name}${indexName === undefined ? '' : `, index ${indexName}`}`
    statusLine.textContent = `${read}: ${page.Count} items returned, ${page.ScannedCount} read.`
  } catch (error) {
    reportFailure(error, operation === 'query' ? 'run the query' : 'scan the table')
  } finally {
    previousButton.disabled = state.pageIndex === 0
    nextButton.disabled = state.startKeys[state.pageIndex + 1] === undefined
    pageNumber.textContent = `Page ${state.pageIndex + 1}`
    setBusy(false)
  }
}

/** A failed read said in words; a refused API key also marks the key's field. */
function reportFailure(error: unknown, action: string): void {
  statusLine.textContent = ''
  if (
    error instanceof DynamoDBManagerError &&
    (error.code === 'Unauthorized' || error.code === 'Forbidden')
  )
    apiKey.refused()
  showAlert(alertBox, errorInWords(error, action))
}

/** Reads, in place of a guess, which tables the API serves and their keys and indexes. */
async function loadTables(): Promise<boolean> {
  if (apiKey.ask()) return false
  showAlert(alertBox, undefined)
  try {
    state.catalog = await client.tables()
  } catch (error) {
    reportFailure(error, 'read the tables the API serves')
    return false
  }
  const opened = tableOfAddress(state.catalog, new URL(location.href))
  fillTablePicker(tablePicker, state.catalog, opened)
  chooseTable(opened)
  return true
}

/** Takes the chosen table's keys and indexes from its declaration, and names it in the address. */
function chooseTable(name: string): void {
  const catalog = state.catalog
  const table = catalog?.Tables.find((each) => each.name === name)
  if (catalog === undefined || table === undefined) return
  history.replaceState(history.state, '', addressWithTable(new URL(location.href), name, catalog))
  state.table = table
  state.keyAttributes = keyNamesOf(indexChoicesOf(table)[0] as IndexChoice)
  tablePicker.value = name
  tableSummaryLine.textContent = tableSummary(table)
  fillIndexPicker(indexPicker, table)
  syncMode()
}

/** The table or index the index picker names, with the keys a query on it takes. */
function chosenIndex(): IndexChoice {
  const choices = indexChoicesOf(state.table)
  return (choices.find((choice) => (choice.indexName ?? '') === indexPicker.value) ??
    choices[0]) as IndexChoice
}

function restart(): Promise<void> {
  state.startKeys = [undefined]
  return loadPage(0)
}

/**
 * Opens an item of the page in the editor. An index holds only the attributes it projects,
 * and saving writes the whole item: one read through an index is read again, whole, by its
 * key first.
 */
async function openItem(item: JsonObject): Promise<void> {
  if (state.source.indexName === undefined) return openEditor(item)
  try {
    const { Item } = await client.read({ Key: keyOf(item) }, { tableName: state.table.name })
    openEditor(Item)
  } catch (error) {
    reportFailure(error, 'read the whole item')
  }
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
        { tableName: state.table.name },
      )
    } else {
      await client.create({ Item: item }, { tableName: state.table.name })
      // A changed key makes a new item: the old one goes, as in the DynamoDB console.
      if (formatJson(keyOf(original)) !== formatJson(key))
        await client.delete({ Key: keyOf(original) }, { tableName: state.table.name })
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
    await client.delete({ Key: key }, { tableName: state.table.name })
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

/** Shows the fields of the chosen operation and of the chosen index's keys, and no others. */
function syncMode(): void {
  const form = new FormData(filterForm)
  const query = form.get('mode') === 'query'
  const { partitionKey, sortKey } = chosenIndex()
  const operator = String(form.get('sortOperator') ?? '')
  partitionKeyLabel.textContent = `Partition key ${keyText(partitionKey)} =`
  sortKeyLabel.textContent = sortKey === undefined ? 'Sort key' : `Sort key ${keyText(sortKey)}`
  for (const element of filterForm.querySelectorAll<HTMLElement>('.query-only')) {
    const has = (name: string) => element.classList.contains(name)
    element.hidden =
      !query ||
      (has('sort-key') && sortKey === undefined) ||
      (has('sort-value') && operator === '') ||
      (has('between') && operator !== 'between')
  }
}

/** Runs what the filter form says, from the first page; a mistake in it is said, not sent. */
function applyFilterForm(): Promise<void> {
  syncMode()
  const source = chosenIndex()
  try {
    state.request = readRequestOf(new FormData(filterForm), source)
  } catch (error) {
    if (!(error instanceof FormError)) throw error
    const mode = new FormData(filterForm).get('mode') === 'query' ? 'run the query' : 'scan'
    showAlert(alertBox, { title: `Could not ${mode}.`, explanation: error.message, detail: '' })
    return Promise.resolve()
  }
  state.source = source
  return restart()
}

/** Opens the chosen table: its tables are read first, once the API key (if any) is given. */
async function openTable(): Promise<void> {
  if (state.catalog === undefined) {
    if (!(await loadTables())) return
  } else chooseTable(tablePicker.value)
  await applyFilterForm()
}

tableForm.addEventListener('submit', (event) => {
  event.preventDefault()
  client = clientFor(apiKey.save())
  void openTable()
})
// Another table: its own keys and indexes, so the filter starts afresh (the reset runs it).
tablePicker.addEventListener('change', () => {
  chooseTable(tablePicker.value)
  filterForm.reset()
})

filterForm.addEventListener('change', syncMode)
filterForm.addEventListener('submit', (event) => {
  event.preventDefault()
  void applyFilterForm()
})

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
  confirmText.textContent = `Delete the item with the key ${formatJson(keyOf(state.editing))} from ${state.table.name}? This cannot be undone.`
  confirmDialog.showModal()
})
byId('confirm-delete', HTMLButtonElement).addEventListener('click', () => void deleteItem())
byId('confirm-cancel', HTMLButtonElement).addEventListener('click', () => confirmDialog.close())

if (await loadTables()) await applyFilterForm()
