import { Token } from 'aws-cdk-lib'
import { InvalidPropError } from './prop-checks.js'

/** CloudWatch's rule for a namespace: 1 to 255 of these characters, not starting `AWS/`. */
const NAMESPACE = /^[0-9A-Za-z.\-_/#: ]{1,255}$/

/** Throws unless the namespace is one CloudWatch takes for custom metrics. */
export function checkMetricsNamespace(prop: string, namespace: string | undefined): void {
  if (namespace === undefined || Token.isUnresolved(namespace)) return
  if (!NAMESPACE.test(namespace)) {
    throw new InvalidPropError(
      prop,
      `"${namespace}" is not a CloudWatch namespace: 1 to 255 letters, digits, spaces or . - _ / # :, e.g. ServerlessLab.`,
    )
  }
  if (namespace.startsWith('AWS/')) {
    throw new InvalidPropError(
      prop,
      `"${namespace}": namespaces starting AWS/ are AWS's own; use one of yours, e.g. ServerlessLab.`,
    )
  }
}
