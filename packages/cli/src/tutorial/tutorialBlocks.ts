/**
 * The commands of docs/tutorial.md that its test runs (tutorial.e2e.test.ts): every fenced block
 * whose info string is `sh tutorial`, with optional words after it. Markdown renderers show such a
 * block as plain `sh`; the extra words are for the test alone:
 *
 *   ```sh tutorial                    run each command in order; each must exit 0
 *   ```sh tutorial after=committed    first drive the network's time until an epoch is committed
 *   ```sh tutorial after=claimable    …until every address in the block has something to claim
 *   ```sh tutorial background         a command that runs until Ctrl-C: start it, see it start, stop it at the end
 *
 * Blocks without `tutorial` (output shown to the reader, `npm install`) are not run.
 */
export type TutorialBlock = {
  /** The line of the opening fence, 1-based, for messages. */
  line: number
  /** `after=committed` → { after: 'committed' }; `background` → { background: true }. */
  attributes: Record<string, string | true>
  /** One entry per command: comments dropped, lines ending in `\` joined. */
  commands: string[]
}

const OPENING = /^```sh tutorial(?:[ \t]+(.*))?$/
const CLOSING = /^```\s*$/

export function tutorialBlocks(markdown: string): TutorialBlock[] {
  const lines = markdown.split('\n')
  const blocks: TutorialBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const opening = OPENING.exec(lines[i]!.trimEnd())
    if (opening === null) continue
    const attributes: Record<string, string | true> = {}
    for (const word of (opening[1] ?? '').split(/\s+/).filter(Boolean)) {
      const [name, value] = word.split('=', 2) as [string, string | undefined]
      attributes[name] = value ?? true
    }
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !CLOSING.test(lines[j]!); j++) body.push(lines[j]!)
    if (j === lines.length) throw new Error(`the tutorial block at line ${i + 1} is never closed`)
    blocks.push({ line: i + 1, attributes, commands: commandsOf(body) })
    i = j
  }
  return blocks
}

/** Commands of a block: a `#` comment (a whole line, or after whitespace) is dropped; a trailing `\` continues the line. */
function commandsOf(body: readonly string[]): string[] {
  const commands: string[] = []
  let pending = ''
  for (const raw of body) {
    const line = raw.replace(/(^|\s)#.*$/, '').trimEnd()
    const continued = line.endsWith('\\')
    pending += `${pending === '' ? '' : ' '}${(continued ? line.slice(0, -1) : line).trim()}`
    if (continued) continue
    if (pending !== '') commands.push(pending)
    pending = ''
  }
  if (pending !== '') commands.push(pending)
  return commands
}

/**
 * Splits a command into words as a shell would for the simple commands the tutorial uses: spaces
 * separate, single or double quotes group. Anything fancier (variables, pipes, `$(…)`) is refused,
 * so that the test never runs a command differently from a reader's shell.
 */
export function shellWords(command: string): string[] {
  if (/[$`|;&<>(){}*?]/.test(command.replace(/'[^']*'|"[^"$`]*"/g, ''))) {
    throw new Error(`the tutorial's test runs simple commands only; "${command}" needs a shell`)
  }
  const words: string[] = []
  for (const match of command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3]!)
  return words
}
