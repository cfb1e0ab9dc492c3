import { Duration } from 'aws-cdk-lib'
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch'
import { MetricDimension, type MetricName, SERVICE_NAME } from '../../src/service/metric-names.js'

/**
 * The handler's own metrics as the alarms and the dashboard read them: the names, the
 * dimensions and the service name are src/service/metric-names.ts's, the ones the function
 * writes (embedded metric format), so the two cannot drift apart.
 */

/**
 * A metric of the whole function, summed over `period`: the function writes each metric by
 * service alone as well as by operation, so no sum over the operations is needed.
 */
export function handlerMetricTotal(
  namespace: string,
  name: MetricName,
  period: Duration = Duration.minutes(5),
): Metric {
  return new Metric({
    namespace,
    metricName: name,
    dimensionsMap: { [MetricDimension.Service]: SERVICE_NAME },
    statistic: Stats.SUM,
    period,
    label: `${name} (all operations)`,
  })
}
