/**
 * Who may call POST /DynamoDBManager (LabApi's `auth`): 'iam' (SigV4-signed requests),
 * 'apiKey' (a key of the usage plan) or 'none'.
 */
export const ApiAuth = { Iam: 'iam', ApiKey: 'apiKey', None: 'none' } as const
export type ApiAuth = (typeof ApiAuth)[keyof typeof ApiAuth]
