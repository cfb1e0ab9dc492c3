import { readFileSync } from 'node:fs'

/** The builtins a bundle requires at load, as `require("node:…")` calls in its code. */
export function builtinsOf(bundleFile: string): string[] {
  const code = readFileSync(bundleFile, 'utf8')
  return [
    ...new Set(
      [...code.matchAll(/require\("(node:[a-z_/]+)"\)/g)].map((match) => match[1] as string),
    ),
  ]
}
