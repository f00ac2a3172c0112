import type { Page } from 'playwright-core'

/** One element whose text sticks out of its box, reaches off screen, or breaks a number across lines. */
export type Overflow = { element: string; problem: string; text: string }

/**
 * Runs in the page (as source text: the tests' TypeScript has no DOM types, and a function's own
 * source could carry a transpiler's helpers). Walks every visible element of the document:
 *
 * - its content is wider than its box (`scrollWidth > clientWidth`), unless the box is made to
 *   scroll sideways (`overflow-x: auto | scroll`: a table's wrapper, the tab bar): text that sticks
 *   out, or is clipped by `overflow: hidden`, is cut. Inside such a scrolling box only a box that
 *   clips counts: what spills out of a cell or a line there is shown by scrolling;
 * - it reaches past the viewport's edge, unless it sits inside such a scrolling box (which shows it
 *   by scrolling): the page would scroll sideways, or the screen cuts the text;
 * - it is an amount or a number (`.amount`, `.num`, `.stat-value`) whose text takes more than one line.
 *
 * Skipped: what is not rendered or not visible, SVG (charts and the map draw to their own scale),
 * the map's frame (it pans its drawing inside it, clipped by design), and what is hidden on purpose
 * (`.visually-hidden`, the skip link until focused). One pixel of slack absorbs sub-pixel rounding.
 */
const FIND_OVERFLOWS = String.raw`(() => {
  const viewport = document.documentElement.clientWidth
  const problems = []
  const scrollsSideways = (style) => style.overflowX === 'auto' || style.overflowX === 'scroll'
  const describe = (element) => {
    const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/).filter(Boolean) : []
    const testId = element.getAttribute('data-testid')
    return element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + classes.map((c) => '.' + c).join('') + (testId ? '[data-testid=' + testId + ']' : '')
  }
  const text = (element) => (element.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 80)
  // How many lines an element's text takes: the distinct tops of its line boxes.
  const lines = (element) => {
    const range = document.createRange()
    range.selectNodeContents(element)
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size
  }
  const report = (element, problem) => problems.push({ element: describe(element), problem, text: text(element) })
  const walk = (element, insideScroller) => {
    if (element instanceof SVGElement) return
    if (element.matches('.visually-hidden, .skip-link:not(:focus), .map-frame, script, style, noscript')) return
    const style = getComputedStyle(element)
    if (style.display === 'none' || style.visibility === 'hidden') return
    const rect = element.getBoundingClientRect()
    const rendered = rect.width > 0 || rect.height > 0
    const scroller = scrollsSideways(style)
    // Inside a scrolling box, content that spills out of its own box is still shown by scrolling;
    // only a box that clips (overflow-x: hidden or clip) cuts it there.
    const clips = style.overflowX === 'hidden' || style.overflowX === 'clip'
    if (rendered && style.display !== 'inline' && !scroller && (!insideScroller || clips) && element.scrollWidth > element.clientWidth + 1) {
      report(element, 'content ' + element.scrollWidth + ' px wide in a box of ' + element.clientWidth + ' px')
    }
    if (rendered && !insideScroller && (rect.right > viewport + 1 || rect.left < -1)) {
      report(element, 'spans ' + Math.round(rect.left) + ' to ' + Math.round(rect.right) + ' px of a ' + viewport + ' px viewport')
    }
    if (rendered && element.matches('.amount, .num, .stat-value') && lines(element) > 1) {
      report(element, 'a number broken over ' + lines(element) + ' lines')
    }
    for (const child of element.children) walk(child, insideScroller || scroller)
  }
  walk(document.body, false)
  return problems
})()`

/** Every element on the page whose text overflows its box, reaches off screen or breaks a number (FIND_OVERFLOWS). */
export function overflowsOf(page: Page): Promise<Overflow[]> {
  return page.evaluate(FIND_OVERFLOWS) as Promise<Overflow[]>
}

/**
 * Runs in the page: where the text of the elements at a selector wraps inside a word — between two
 * letters or digits with no space, hyphen or dash between them — each as "…before|after…". Reads
 * each character's line from its own box (a Range per character).
 */
const FIND_MID_WORD_BREAKS = String.raw`((selector) => {
  const breaks = []
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    let previous = null
    let spaced = false
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent
      for (let i = 0; i < text.length; i++) {
        if (/\s/.test(text[i])) {
          spaced = true
          continue
        }
        const range = document.createRange()
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        const box = [...range.getClientRects()].find((r) => r.width > 0)
        if (box === undefined) continue
        const top = Math.round(box.top)
        if (previous !== null && top > previous.top + 1 && !spaced && /[\p{L}\p{N}_]/u.test(previous.char) && /[\p{L}\p{N}_]/u.test(text[i])) {
          breaks.push(text.slice(Math.max(0, i - 12), i) + '|' + text.slice(i, i + 12))
        }
        previous = { top, char: text[i] }
        spaced = false
      }
    }
  }
  return breaks
})`

/** Words that the text at `selector` breaks across lines (FIND_MID_WORD_BREAKS): none, for text that wraps between words. */
export function midWordBreaksOf(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`${FIND_MID_WORD_BREAKS}(${JSON.stringify(selector)})`) as Promise<string[]>
}
