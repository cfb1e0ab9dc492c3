import type { DynamoDBManagerError } from '../client/errors.js'

/**
 * What to do about API Gateway's own 403 answers to IAM auth, whose messages say what is
 * wrong but not what to run. Keyed by a pattern of the message API Gateway writes.
 */
const hints: readonly (readonly [RegExp, string])[] = [
  [
    /security token included in the request is expired/i,
    'renew the AWS credentials: "aws sso login --profile NAME" (SSO) or "aws configure"',
  ],
  [
    /security token included in the request is invalid/i,
    'the AWS credentials are wrong for this account: check them with "aws sts get-caller-identity"',
  ],
  [/signature expired/i, "the machine's clock is off: set it right (SigV4 allows 5 minutes)"],
  [
    /not authorized to perform: execute-api:Invoke/i,
    "attach the stack's invoke policy (output InvokePolicyArn) to this user or role, see docs/deploy.md",
  ],
  [
    /missing authentication token/i,
    'the path is wrong, or the API wants a SigV4 signature: check --url, or give --profile or --region (a custom domain is signed only when asked)',
  ],
]

/** The hint for an error API Gateway answered with a 403, or undefined. */
export function forbiddenHint(error: DynamoDBManagerError): string | undefined {
  if (error.status !== 403) return undefined
  return hints.find(([pattern]) => pattern.test(error.message))?.[1]
}
