import { describe, expect, it } from 'vitest'
import { allElements, parseXml } from './parseXml.ts'

describe('parseXml', () => {
  it('reads elements, attributes, text and references', () => {
    const root = parseXml('<?xml version="1.0"?>\n<a x="1 &amp; 2"><b/>t &lt;&#65;&#x42;<c y="&quot;"></c></a>\n')
    expect(root.name).toBe('a')
    expect(root.attributes).toEqual({ x: '1 & 2' })
    expect(root.text).toBe('t <AB')
    expect(allElements(root).map((e) => e.name)).toEqual(['a', 'b', 'c'])
    expect(root.children[1]!.attributes).toEqual({ y: '"' })
  })

  it('refuses what is not well-formed', () => {
    for (const bad of ['', '<a>', '<a></b>', '<a/><b/>', '<a>&</a>', '<a>&nbsp;</a>', '<a x=1/>', '<a x="1"y="2"/>', '<a x="1" x="2"/>', 'text<a/>', '<a/>text', '<a x="<"/>']) {
      expect(() => parseXml(bad), bad).toThrow(SyntaxError)
    }
  })
})
