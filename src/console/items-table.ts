import type { JsonObject } from '../client/json-codec.js'
import { cellText } from './json-text.js'

/**
 * The page of items as a table, as the DynamoDB console shows one: key attributes first,
 * then every other attribute of the page in name order; the key opens the item.
 */
export function renderItems(
  table: HTMLTableElement,
  items: readonly JsonObject[],
  keyAttributes: readonly string[],
  open: (item: JsonObject) => void,
): void {
  const others = [...new Set(items.flatMap((item) => Object.keys(item)))]
    .filter((name) => !keyAttributes.includes(name))
    .sort()
  const columns = [...keyAttributes, ...others]
  const head = document.createElement('tr')
  for (const name of columns) {
    const cell = document.createElement('th')
    cell.scope = 'col'
    cell.textContent = name
    if (keyAttributes.includes(name)) cell.className = 'key'
    head.append(cell)
  }
  table.tHead?.replaceChildren(head)

  const rows = items.map((item) => {
    const row = document.createElement('tr')
    columns.forEach((name, index) => {
      const cell = document.createElement('td')
      const text = cellText(item[name])
      if (index === 0) {
        const button = document.createElement('button')
        button.type = 'button'
        button.className = 'link'
        button.textContent = text === '' ? '(no key)' : text
        button.title = `Edit item ${text}`
        button.addEventListener('click', () => open(item))
        cell.append(button)
      } else {
        cell.textContent = text
        cell.title = text
      }
      row.append(cell)
    })
    return row
  })
  if (rows.length === 0) {
    const row = document.createElement('tr')
    const cell = document.createElement('td')
    cell.colSpan = Math.max(columns.length, 1)
    cell.className = 'empty'
    cell.textContent = 'No items on this page.'
    row.append(cell)
    rows.push(row)
  }
  table.tBodies[0]?.replaceChildren(...rows)
}
