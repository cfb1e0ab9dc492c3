import { SettingsError, type SettingsReader } from './settings-reader.js'

/** What the optional GitHub deploy role's stack takes from the settings. */
export interface GitHubDeploySettings {
  /** `owner/repo`: the only repository whose workflows may assume the role. */
  readonly repository: string
  /** The account's existing GitHub OIDC provider; undefined: the stack creates it. */
  readonly oidcProviderArn: string | undefined
  /** The GitHub environments whose jobs may assume the role (the token's `sub`). */
  readonly environments: readonly string[]
}

/** The environments the workflow's deploy jobs run in (.github/workflows/deploy.yml). */
export const GITHUB_ENVIRONMENTS = ['dev', 'production'] as const

const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/
const OIDC_PROVIDER_ARN =
  /^arn:aws(-[a-z]+)*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/
/** GitHub's environment names, less the characters that would widen an IAM condition. */
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/

/**
 * `githubRepository` (which turns the stack on), `githubOidcProviderArn` and
 * `githubEnvironments`; undefined when `githubRepository` is unset.
 *
 * @example
 * readGitHubDeploySettings(new SettingsReader((key) => ({ githubRepository: 'octo/lab' })[key]))
 * // → { repository: 'octo/lab', oidcProviderArn: undefined, environments: ['dev', 'production'] }
 */
export function readGitHubDeploySettings(
  settings: SettingsReader,
): GitHubDeploySettings | undefined {
  const repository = settings.string('githubRepository')
  const oidcProviderArn = settings.string('githubOidcProviderArn')
  const environments = settings.list('githubEnvironments')
  if (repository === undefined) return undefined
  if (!REPOSITORY.test(repository)) {
    throw new SettingsError(
      'githubRepository',
      `expected the repository as owner/name, such as octo-org/serverless-lab, got ${JSON.stringify(repository)}.`,
    )
  }
  if (oidcProviderArn !== undefined && !OIDC_PROVIDER_ARN.test(oidcProviderArn)) {
    throw new SettingsError(
      'githubOidcProviderArn',
      `expected the ARN of the account's GitHub OIDC provider, arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com, got ${JSON.stringify(oidcProviderArn)}.`,
    )
  }
  const wrong = environments?.find((each) => !ENVIRONMENT.test(each))
  if (environments?.length === 0 || wrong !== undefined) {
    throw new SettingsError(
      'githubEnvironments',
      `expected GitHub environment names (letters, digits, . _ -), such as dev,production, got ${JSON.stringify(wrong ?? '')}.`,
    )
  }
  return { repository, oidcProviderArn, environments: environments ?? [...GITHUB_ENVIRONMENTS] }
}
