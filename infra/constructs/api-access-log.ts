import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'

/**
 * What the API's stage writes to its access log for each request: one JSON object, with who
 * called (IP, IAM caller and user, API key id), what (method, resource), and how it went
 * (status, length, latencies, the gateway's own error). Never a body: bodies hold table data.
 */
export const ACCESS_LOG_FORMAT: AccessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    time: AccessLogField.contextRequestTime(),
    ip: AccessLogField.contextIdentitySourceIp(),
    caller: AccessLogField.contextIdentityCaller(),
    user: AccessLogField.contextIdentityUser(),
    apiKeyId: AccessLogField.contextIdentityApiKeyId(),
    method: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    protocol: AccessLogField.contextProtocol(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    errorType: AccessLogField.contextErrorResponseType(),
    error: AccessLogField.contextErrorMessage(),
  }),
)
