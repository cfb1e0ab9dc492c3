/** The element with this id, of this type: the page's HTML is the contract. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id)
  if (!(element instanceof type)) throw new Error(`The page has no #${id} ${type.name}.`)
  return element
}

/** The input of a form with this name. */
export function byName(form: HTMLFormElement, name: string): HTMLInputElement {
  const element = form.elements.namedItem(name)
  if (!(element instanceof HTMLInputElement)) throw new Error(`The form has no input ${name}.`)
  return element
}

/** The select of a form with this name. */
export function selectByName(form: HTMLFormElement, name: string): HTMLSelectElement {
  const element = form.elements.namedItem(name)
  if (!(element instanceof HTMLSelectElement)) throw new Error(`The form has no select ${name}.`)
  return element
}

/** Shows an error in words in an alert box, or hides the box when there is none. */
export function showAlert(
  box: HTMLElement,
  error: { title: string; explanation: string; detail: string } | undefined,
): void {
  box.replaceChildren()
  box.hidden = error === undefined
  if (error === undefined) return
  const title = document.createElement('strong')
  title.textContent = error.title
  const explanation = document.createElement('p')
  explanation.textContent = error.explanation
  box.append(title, explanation)
  if (error.detail !== '') {
    const detail = document.createElement('small')
    detail.textContent = error.detail
    box.append(detail)
  }
}
