/**
 * A strict parser for the XML plotSvg writes, for its tests (the repo has no XML dependency): an
 * optional `<?xml …?>` declaration, then one root element; elements with quoted attributes, text,
 * and the five predefined entities or numeric character references. Anything else (an unclosed or
 * mismatched tag, a raw `<` or `&`, a duplicate attribute, text outside the root) throws.
 */

export type XmlElement = { name: string; attributes: Record<string, string>; children: XmlElement[]; text: string }

const NAME = /^[A-Za-z_][\w.:-]*/
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** `raw` with its references replaced; throws on a bare `&` or `<`. */
function decodeText(raw: string, where: number): string {
  if (raw.includes('<')) throw new SyntaxError(`a raw "<" near offset ${where}`)
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '&') {
      out += raw[i]
      continue
    }
    const match = ENTITY.exec(raw.slice(i))
    if (match === null) throw new SyntaxError(`a bare "&" near offset ${where + i}`)
    const ref = match[1]!
    out += ref.startsWith('#x') ? String.fromCodePoint(Number.parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(Number(ref.slice(1))) : ENTITIES[ref]!
    i += match[0].length - 1
  }
  return out
}

export function parseXml(xml: string): XmlElement {
  let at = 0
  const skipSpace = () => {
    while (at < xml.length && /\s/.test(xml[at]!)) at++
  }
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>')
    if (end < 0) throw new SyntaxError('an unterminated XML declaration')
    at = end + 2
  }
  skipSpace()
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  while (at < xml.length) {
    if (stack.length === 0 && root !== undefined) {
      skipSpace()
      if (at < xml.length) throw new SyntaxError(`content after the root element at offset ${at}`)
      break
    }
    if (xml[at] !== '<') {
      const end = xml.indexOf('<', at)
      const raw = xml.slice(at, end < 0 ? xml.length : end)
      if (stack.length === 0) throw new SyntaxError(`text outside the root element at offset ${at}`)
      stack[stack.length - 1]!.text += decodeText(raw, at)
      at += raw.length
      continue
    }
    if (xml.startsWith('</', at)) {
      const name = NAME.exec(xml.slice(at + 2))?.[0]
      const open = stack.pop()
      if (name === undefined || open === undefined || open.name !== name) throw new SyntaxError(`</${name}> at offset ${at} closes <${open?.name ?? 'nothing'}>`)
      at += 2 + name.length
      skipSpace()
      if (xml[at] !== '>') throw new SyntaxError(`an unterminated </${name}> at offset ${at}`)
      at++
      continue
    }
    const name = NAME.exec(xml.slice(at + 1))?.[0]
    if (name === undefined) throw new SyntaxError(`a "<" that starts no tag at offset ${at}`)
    at += 1 + name.length
    const element: XmlElement = { name, attributes: {}, children: [], text: '' }
    for (;;) {
      const before = at
      skipSpace()
      if (xml.startsWith('/>', at) || xml[at] === '>') break
      if (at === before) throw new SyntaxError(`attributes of <${name}> must be separated by space, at offset ${at}`)
      const attribute = NAME.exec(xml.slice(at))?.[0]
      if (attribute === undefined || xml[at + attribute.length] !== '=' || xml[at + attribute.length + 1] !== '"') {
        throw new SyntaxError(`a malformed attribute of <${name}> at offset ${at}`)
      }
      if (Object.hasOwn(element.attributes, attribute)) throw new SyntaxError(`<${name}> has the attribute ${attribute} twice`)
      const start = at + attribute.length + 2
      const end = xml.indexOf('"', start)
      if (end < 0) throw new SyntaxError(`an unterminated attribute ${attribute} of <${name}>`)
      element.attributes[attribute] = decodeText(xml.slice(start, end), start)
      at = end + 1
    }
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element)
    else if (root === undefined) root = element
    else throw new SyntaxError(`a second root element <${name}>`)
    if (xml.startsWith('/>', at)) at += 2
    else {
      at++
      stack.push(element)
    }
  }
  if (stack.length > 0) throw new SyntaxError(`<${stack[stack.length - 1]!.name}> is never closed`)
  if (root === undefined) throw new SyntaxError('no root element')
  return root
}

/** Every element under (and including) `element`, depth first. */
export function allElements(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(allElements)]
}
