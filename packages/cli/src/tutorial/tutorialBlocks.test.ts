import { describe, expect, it } from 'vitest'
import { shellWords, tutorialBlocks } from './tutorialBlocks.ts'

describe("the tutorial's tested blocks", () => {
  it('takes only `sh tutorial` blocks, with their attributes, commands joined across `\\` and comments dropped', () => {
    const markdown = [
      '# title',
      '```sh',
      'npm install   # not run',
      '```',
      '```sh tutorial after=claimable background',
      '# a comment line',
      'npx pinion rewards show 0xabc   # whose rewards',
      'npx pinion rewards claim \\',
      '  0xabc',
      '',
      '```',
      '```text',
      'output',
      '```',
    ].join('\n')
    expect(tutorialBlocks(markdown)).toEqual([
      { line: 5, attributes: { after: 'claimable', background: true }, commands: ['npx pinion rewards show 0xabc', 'npx pinion rewards claim 0xabc'] },
    ])
  })

  it('refuses a block that is never closed', () => {
    expect(() => tutorialBlocks('```sh tutorial\nnpx pinion up\n')).toThrow(/line 1 is never closed/)
  })

  it('splits simple commands into words, and refuses what needs a shell', () => {
    expect(shellWords(`npx pinion init --kind uptime --dir '../my net' --name "a b"`)).toEqual(['npx', 'pinion', 'init', '--kind', 'uptime', '--dir', '../my net', '--name', 'a b'])
    expect(() => shellWords('npx pinion status | head')).toThrow(/needs a shell/)
    expect(() => shellWords('npx pinion epoch show $EPOCH')).toThrow(/needs a shell/)
  })
})
