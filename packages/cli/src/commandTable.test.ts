import { describe, expect, test } from 'vitest'
import { COMMANDS, requestedCommand } from './commandTable.ts'

describe('the lazy command table', () => {
  test("each command's summary is the loaded command's own description, under its name", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load()
      expect({ name: command.name(), description: command.description() }).toEqual({ name: entry.name, description: entry.summary })
    }
  })

  test('names each top-level command once', () => {
    const names = COMMANDS.map((command) => command.name)
    expect(new Set(names).size).toBe(names.length)
  })

  test('the command asked for is the first word that is no option, or what help names', () => {
    expect(requestedCommand(['up', '--epochs', '2'])).toBe('up')
    expect(requestedCommand(['--help'])).toBeUndefined()
    expect(requestedCommand([])).toBeUndefined()
    expect(requestedCommand(['help', 'epoch'])).toBe('epoch')
    expect(requestedCommand(['--json', 'status'])).toBe('status')
  })
})
