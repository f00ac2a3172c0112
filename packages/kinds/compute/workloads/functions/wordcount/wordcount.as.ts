// @ts-nocheck: AssemblyScript (compiled by ../../build.ts with asc), not TypeScript; tsc only parses it.
//
// wordcount, a Blockless-style function: text on stdin, its most frequent words as JSON on stdout.
// Input: the number of words wanted, N (decimal, 1 to 1000), a newline, then the text (at most
// 16 MiB). A word is a maximal run of ASCII letters and digits, lower-cased; every other byte
// separates words. Output, one line:
//   {"words":<total>,"distinct":<distinct>,"top":[["<word>",<count>],...]}
// with at most N pairs, by count, most first, and words of equal count in byte order: a total order,
// so the output depends on the input alone. ./reference.ts computes the same in plain TypeScript.
import { fail, inputLength, readStdin, writeStdout } from '../../wasi/io.as'

const MAX_INPUT: usize = 16 << 20
const MAX_TOP: u32 = 1000

let text: usize = 0
// The table: open addressing, linear probing; a slot is free while its count is 0.
let capacity: u32 = 0
let starts: usize = 0
let lengths: usize = 0
let counts: usize = 0
let distinct: u32 = 0

function isWordByte(c: u32): bool {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
}

function hashWord(start: u32, length: u32): u32 {
  let h: u32 = 2166136261
  for (let i: u32 = 0; i < length; i++) {
    h ^= <u32>load<u8>(text + <usize>(start + i))
    h *= 16777619
  }
  return h
}

function sameWord(a: u32, aLength: u32, b: u32, bLength: u32): bool {
  if (aLength !== bLength) return false
  for (let i: u32 = 0; i < aLength; i++) {
    if (load<u8>(text + <usize>(a + i)) !== load<u8>(text + <usize>(b + i))) return false
  }
  return true
}

function allocateTable(size: u32): void {
  capacity = size
  starts = heap.alloc((<usize>size) << 2)
  lengths = heap.alloc((<usize>size) << 2)
  counts = heap.alloc((<usize>size) << 2)
  for (let i: u32 = 0; i < size; i++) store<u32>(counts + ((<usize>i) << 2), 0)
}

/** Adds the word at [start, start + length) with `count` occurrences. */
function add(start: u32, length: u32, count: u32): void {
  const mask = capacity - 1
  let slot = hashWord(start, length) & mask
  while (true) {
    const at = (<usize>slot) << 2
    const held = load<u32>(counts + at)
    if (held === 0) {
      store<u32>(starts + at, start)
      store<u32>(lengths + at, length)
      store<u32>(counts + at, count)
      distinct++
      return
    }
    if (sameWord(load<u32>(starts + at), load<u32>(lengths + at), start, length)) {
      store<u32>(counts + at, held + count)
      return
    }
    slot = (slot + 1) & mask
  }
}

function grow(): void {
  const oldCapacity = capacity
  const oldStarts = starts
  const oldLengths = lengths
  const oldCounts = counts
  allocateTable(oldCapacity << 1)
  distinct = 0
  for (let i: u32 = 0; i < oldCapacity; i++) {
    const at = (<usize>i) << 2
    const count = load<u32>(oldCounts + at)
    if (count !== 0) add(load<u32>(oldStarts + at), load<u32>(oldLengths + at), count)
  }
}

/** Most frequent first; equal counts in byte order of the words (never equal: the table has each once). */
function compareSlots(a: i32, b: i32): i32 {
  const countA = load<u32>(counts + ((<usize>a) << 2))
  const countB = load<u32>(counts + ((<usize>b) << 2))
  if (countA !== countB) return countA > countB ? -1 : 1
  const startA = load<u32>(starts + ((<usize>a) << 2))
  const startB = load<u32>(starts + ((<usize>b) << 2))
  const lengthA = load<u32>(lengths + ((<usize>a) << 2))
  const lengthB = load<u32>(lengths + ((<usize>b) << 2))
  const shorter = lengthA < lengthB ? lengthA : lengthB
  for (let i: u32 = 0; i < shorter; i++) {
    const byteA = load<u8>(text + <usize>(startA + i))
    const byteB = load<u8>(text + <usize>(startB + i))
    if (byteA !== byteB) return byteA < byteB ? -1 : 1
  }
  return lengthA < lengthB ? -1 : lengthA > lengthB ? 1 : 0
}

let output: usize = 0
let cursor: usize = 0

function put(byte: u32): void {
  store<u8>(output + cursor, <u8>byte)
  cursor++
}

function putAscii(value: string): void {
  for (let i = 0; i < value.length; i++) put(<u32>value.charCodeAt(i))
}

function putNumber(value: u32): void {
  putAscii(value.toString())
}

function count(): void {
  text = readStdin(MAX_INPUT)
  const length = <u32>inputLength
  // The header: N, 1 to 4 digits, then a newline.
  let top: u32 = 0
  let position: u32 = 0
  while (position < length && position < 4) {
    const c = <u32>load<u8>(text + <usize>position)
    if (c === 10) break
    if (c < 48 || c > 57) fail('the first line must be the number of words wanted, 1 to 1000')
    top = top * 10 + (c - 48)
    position++
  }
  if (position === 0 || position >= length || load<u8>(text + <usize>position) !== 10 || top < 1 || top > MAX_TOP)
    fail('the first line must be the number of words wanted, 1 to 1000')
  position++

  for (let i = position; i < length; i++) {
    const c = load<u8>(text + <usize>i)
    if (c >= 65 && c <= 90) store<u8>(text + <usize>i, c + 32)
  }
  allocateTable(1024)
  let words: u32 = 0
  let i = position
  while (i < length) {
    if (!isWordByte(<u32>load<u8>(text + <usize>i))) {
      i++
      continue
    }
    const start = i
    while (i < length && isWordByte(<u32>load<u8>(text + <usize>i))) i++
    if ((distinct + 1) << 1 > capacity) grow()
    add(start, i - start, 1)
    words++
  }

  const slots = new Array<i32>(<i32>distinct)
  let filled = 0
  for (let slot: u32 = 0; slot < capacity; slot++) {
    if (load<u32>(counts + ((<usize>slot) << 2)) !== 0) slots[filled++] = <i32>slot
  }
  slots.sort(compareSlots)
  const shown = distinct < top ? distinct : top

  let bound: usize = 64
  for (let k: u32 = 0; k < shown; k++) bound += <usize>load<u32>(lengths + ((<usize>unchecked(slots[k])) << 2)) + 16
  output = heap.alloc(bound)
  putAscii('{"words":')
  putNumber(words)
  putAscii(',"distinct":')
  putNumber(distinct)
  putAscii(',"top":[')
  for (let k: u32 = 0; k < shown; k++) {
    const at = (<usize>unchecked(slots[k])) << 2
    if (k > 0) put(44)
    putAscii('["')
    const start = load<u32>(starts + at)
    const wordLength = load<u32>(lengths + at)
    for (let j: u32 = 0; j < wordLength; j++) put(<u32>load<u8>(text + <usize>(start + j)))
    putAscii('",')
    putNumber(load<u32>(counts + at))
    put(93)
  }
  putAscii(']}\n')
  writeStdout(output, cursor)
}

count()
