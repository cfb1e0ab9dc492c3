import type { Manager } from '../core/manager.js'
import type { MeasuredOperation } from './metric-names.js'

/** Told the operation a request runs, once it is known (its envelope has passed validation). */
export type OperationObserver = (operation: MeasuredOperation) => void

/**
 * The manager, telling `observe` which operation each call runs: how the Lambda adapter
 * learns a request's operation (the metrics' dimension) without parsing the body again, and
 * without the core or the HTTP API knowing of metrics.
 */
export function observeOperations(manager: Manager, observe: OperationObserver): Manager {
  return {
    execute(envelope) {
      observe(envelope.operation)
      return manager.execute(envelope)
    },
    checkHealth() {
      observe('health')
      return manager.checkHealth()
    },
  }
}
