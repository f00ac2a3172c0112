// @ts-nocheck: AssemblyScript (compiled by ../build.ts with asc), not TypeScript; tsc only parses it.
//
// A small ray tracer as a Pinion compute workload: one task renders one band of rows of the image,
// as Render gives each node a frame. Spheres and a checkered ground plane; diffuse and Phong
// specular light from a square area light whose soft shadows come from one jittered shadow ray per
// sample; mirror reflections up to MAX_SEGMENTS - 1 bounces; distance fog; gamma 2.
//
// Deterministic by construction: f64 throughout, only + - * / sqrt floor (exact in IEEE 754, so
// the same on every machine and in ./reference.ts, which mirrors this file operation by operation),
// and every "random" number is a hash of (seed, pixel, sample). Change one and change the other.
//
// Input (stdin, 20 bytes, little-endian): "RAY1", seed u32, width u16, height u16, firstRow u16,
// rows u16, samples u16, scene u16 (0). Output (stdout): rows × width × 3 bytes, RGB, top row first.
import { fail, inputLength, readStdin, writeStdout } from '../wasi/io.as'

const HEADER_BYTES: usize = 20
const MAX_SIDE: i32 = 4096
const MAX_SAMPLES: i32 = 4096

const EPSILON: f64 = 1e-4
const NO_HIT: i32 = -2
const PLANE: i32 = -1
const MAX_SEGMENTS: i32 = 4
const FAR: f64 = 1e30

// Scene 0. Spheres: centre x, y, z, radius, albedo r, g, b, specular, reflectivity.
const STRIDE: i32 = 9
// biome-ignore format: one sphere per line
const SPHERES: StaticArray<f64> = [
  -1.35, 0.7, 0.5, 0.7, 0.85, 0.2, 0.15, 0.5, 0.05,
  0.35, 1.0, 1.5, 1.0, 0.92, 0.92, 0.96, 0.9, 0.85,
  1.55, 0.5, -0.25, 0.5, 0.15, 0.35, 0.9, 0.7, 0.2,
  -0.25, 0.3, -0.95, 0.3, 0.95, 0.78, 0.2, 0.3, 0.0,
  2.7, 0.8, 2.6, 0.8, 0.2, 0.72, 0.3, 0.4, 0.1,
]
const SPHERE_COUNT: i32 = 5

const EYE_X: f64 = 0.0
const EYE_Y: f64 = 1.6
const EYE_Z: f64 = -5.2
const LOOK_X: f64 = 0.25
const LOOK_Y: f64 = 0.7
const LOOK_Z: f64 = 0.8
const HALF_HEIGHT: f64 = 0.42

const LIGHT_X: f64 = -4.0
const LIGHT_Y: f64 = 7.0
const LIGHT_Z: f64 = -3.0
const LIGHT_SIZE: f64 = 1.6
const AMBIENT: f64 = 0.16
const FOG: f64 = 0.0012

// Out-values of the functions below (AssemblyScript returns one value; no allocation per ray).
let hitT: f64 = 0.0
let hitId: i32 = NO_HIT
let skyR: f64 = 0.0
let skyG: f64 = 0.0
let skyB: f64 = 0.0
let outR: f64 = 0.0
let outG: f64 = 0.0
let outB: f64 = 0.0
let state: u32 = 0

function hash(value: u32): u32 {
  let x = value
  x ^= x >> 16
  x *= 0x7feb352d
  x ^= x >> 15
  x *= 0x846ca68b
  x ^= x >> 16
  return x
}

/** A number in [0, 1) from the sample's stream: 24 bits, exact in f64. */
function random(): f64 {
  state = hash(state + 0x9e3779b9)
  return <f64>(state >> 8) * (1.0 / 16777216.0)
}

/** Nearest hit along the ray with EPSILON < t < tMax, into hitT and hitId; false when none. */
function intersect(ox: f64, oy: f64, oz: f64, dx: f64, dy: f64, dz: f64, tMax: f64): bool {
  hitT = tMax
  hitId = NO_HIT
  if (dy < -1e-9) {
    const t = -oy / dy
    if (t > EPSILON && t < hitT) {
      hitT = t
      hitId = PLANE
    }
  }
  for (let i = 0; i < SPHERE_COUNT; i++) {
    const base = i * STRIDE
    const ocx = ox - unchecked(SPHERES[base])
    const ocy = oy - unchecked(SPHERES[base + 1])
    const ocz = oz - unchecked(SPHERES[base + 2])
    const radius = unchecked(SPHERES[base + 3])
    const b = ocx * dx + ocy * dy + ocz * dz
    const c = ocx * ocx + ocy * ocy + ocz * ocz - radius * radius
    const discriminant = b * b - c
    if (discriminant > 0.0) {
      const root = Math.sqrt(discriminant)
      let t = -b - root
      if (t <= EPSILON) t = -b + root
      if (t > EPSILON && t < hitT) {
        hitT = t
        hitId = i
      }
    }
  }
  return hitId !== NO_HIT
}

function sky(dy: f64): void {
  let t = 0.5 * (dy + 1.0)
  if (t < 0.0) t = 0.0
  skyR = (1.0 - t) * 1.0 + t * 0.45
  skyG = (1.0 - t) * 1.0 + t * 0.65
  skyB = (1.0 - t) * 1.0 + t * 1.0
}

/** The light arriving along the ray, into outR, outG, outB. */
function radiance(startX: f64, startY: f64, startZ: f64, startDx: f64, startDy: f64, startDz: f64): void {
  let ox = startX
  let oy = startY
  let oz = startZ
  let dx = startDx
  let dy = startDy
  let dz = startDz
  let r = 0.0
  let g = 0.0
  let b = 0.0
  let tr = 1.0
  let tg = 1.0
  let tb = 1.0
  for (let segment = 0; segment < MAX_SEGMENTS; segment++) {
    if (!intersect(ox, oy, oz, dx, dy, dz, FAR)) {
      sky(dy)
      r += tr * skyR
      g += tg * skyG
      b += tb * skyB
      break
    }
    const t = hitT
    const id = hitId
    const px = ox + t * dx
    const py = oy + t * dy
    const pz = oz + t * dz
    let nx = 0.0
    let ny = 1.0
    let nz = 0.0
    let ar = 0.0
    let ag = 0.0
    let ab = 0.0
    let specular = 0.0
    let reflectivity = 0.0
    if (id === PLANE) {
      const cells = Math.floor(px) + Math.floor(pz)
      if (cells - 2.0 * Math.floor(cells * 0.5) === 0.0) {
        ar = 0.86
        ag = 0.86
        ab = 0.82
      } else {
        ar = 0.22
        ag = 0.25
        ab = 0.3
      }
      specular = 0.1
      reflectivity = 0.12
    } else {
      const base = id * STRIDE
      const radius = unchecked(SPHERES[base + 3])
      nx = (px - unchecked(SPHERES[base])) / radius
      ny = (py - unchecked(SPHERES[base + 1])) / radius
      nz = (pz - unchecked(SPHERES[base + 2])) / radius
      ar = unchecked(SPHERES[base + 4])
      ag = unchecked(SPHERES[base + 5])
      ab = unchecked(SPHERES[base + 6])
      specular = unchecked(SPHERES[base + 7])
      reflectivity = unchecked(SPHERES[base + 8])
    }
    // One point of the area light per sample and segment: averaged over samples, soft shadows.
    const lx = LIGHT_X + (random() - 0.5) * LIGHT_SIZE
    const ly = LIGHT_Y
    const lz = LIGHT_Z + (random() - 0.5) * LIGHT_SIZE
    let toLightX = lx - px
    let toLightY = ly - py
    let toLightZ = lz - pz
    const distance = Math.sqrt(toLightX * toLightX + toLightY * toLightY + toLightZ * toLightZ)
    toLightX = toLightX / distance
    toLightY = toLightY / distance
    toLightZ = toLightZ / distance
    const nDotL = nx * toLightX + ny * toLightY + nz * toLightZ
    let diffuse = AMBIENT
    let highlight = 0.0
    if (nDotL > 0.0) {
      const sx = px + nx * EPSILON
      const sy = py + ny * EPSILON
      const sz = pz + nz * EPSILON
      if (!intersect(sx, sy, sz, toLightX, toLightY, toLightZ, distance)) {
        diffuse = AMBIENT + nDotL * (1.0 - AMBIENT)
        const hx = toLightX - dx
        const hy = toLightY - dy
        const hz = toLightZ - dz
        const halfLength = Math.sqrt(hx * hx + hy * hy + hz * hz)
        if (halfLength > 0.0) {
          const nDotH = (nx * hx + ny * hy + nz * hz) / halfLength
          if (nDotH > 0.0) {
            let power = nDotH * nDotH
            power = power * power
            power = power * power
            power = power * power
            power = power * power
            power = power * power
            highlight = specular * power
          }
        }
      }
    }
    let cr = ar * diffuse + highlight
    let cg = ag * diffuse + highlight
    let cb = ab * diffuse + highlight
    const clear = 1.0 / (1.0 + FOG * t * t)
    sky(0.0)
    cr = cr * clear + skyR * (1.0 - clear)
    cg = cg * clear + skyG * (1.0 - clear)
    cb = cb * clear + skyB * (1.0 - clear)
    r += tr * (1.0 - reflectivity) * cr
    g += tg * (1.0 - reflectivity) * cg
    b += tb * (1.0 - reflectivity) * cb
    if (reflectivity <= 0.0) break
    tr = tr * reflectivity * ar
    tg = tg * reflectivity * ag
    tb = tb * reflectivity * ab
    const dDotN = dx * nx + dy * ny + dz * nz
    dx = dx - 2.0 * dDotN * nx
    dy = dy - 2.0 * dDotN * ny
    dz = dz - 2.0 * dDotN * nz
    ox = px + nx * EPSILON
    oy = py + ny * EPSILON
    oz = pz + nz * EPSILON
  }
  outR = r
  outG = g
  outB = b
}

/** A channel's average as a byte: gamma 2 (a square root), rounded, NaN and overflow clamped. */
function toByte(sum: f64, samples: f64): u8 {
  let c = sum / samples
  if (!(c > 0.0)) c = 0.0
  if (c > 1.0) c = 1.0
  return <u8>(<i32>(Math.sqrt(c) * 255.0 + 0.5))
}

function render(): void {
  const input = readStdin(HEADER_BYTES)
  if (inputLength !== HEADER_BYTES) fail(`expected a 20-byte header, got ${inputLength.toString()} bytes`)
  if (load<u32>(input) !== 0x31594152) fail('not a RAY1 header')
  const seed = load<u32>(input, 4)
  const width = <i32>load<u16>(input, 8)
  const height = <i32>load<u16>(input, 10)
  const firstRow = <i32>load<u16>(input, 12)
  const rows = <i32>load<u16>(input, 14)
  const samples = <i32>load<u16>(input, 16)
  const scene = <i32>load<u16>(input, 18)
  if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE) fail('width and height must be 1 to 4096')
  if (rows < 1 || firstRow + rows > height) fail('rows must be at least 1 and end within the image')
  if (samples < 1 || samples > MAX_SAMPLES) fail('samples must be 1 to 4096')
  if (scene !== 0) fail(`unknown scene ${scene.toString()}`)

  // Camera basis: forward, right = up × forward, up' = forward × right.
  let fx = LOOK_X - EYE_X
  let fy = LOOK_Y - EYE_Y
  let fz = LOOK_Z - EYE_Z
  const forwardLength = Math.sqrt(fx * fx + fy * fy + fz * fz)
  fx = fx / forwardLength
  fy = fy / forwardLength
  fz = fz / forwardLength
  let rx = fz
  let rz = -fx
  const rightLength = Math.sqrt(rx * rx + rz * rz)
  rx = rx / rightLength
  rz = rz / rightLength
  const ux = fy * rz
  const uy = fz * rx - fx * rz
  const uz = -fy * rx
  const halfWidth = HALF_HEIGHT * (<f64>width / <f64>height)

  const pixels = heap.alloc(<usize>(width * rows * 3))
  let offset = pixels
  const samplesF = <f64>samples
  const rowSeed = hash(seed)
  for (let y = firstRow; y < firstRow + rows; y++) {
    const ySeed = hash(rowSeed ^ <u32>y)
    for (let x = 0; x < width; x++) {
      const xSeed = hash(ySeed ^ <u32>x)
      let sumR = 0.0
      let sumG = 0.0
      let sumB = 0.0
      for (let s = 0; s < samples; s++) {
        state = hash(xSeed ^ <u32>s)
        const u = (<f64>x + random()) / <f64>width
        const v = (<f64>y + random()) / <f64>height
        const sx = (2.0 * u - 1.0) * halfWidth
        const sy = (1.0 - 2.0 * v) * HALF_HEIGHT
        let dx = fx + sx * rx + sy * ux
        let dy = fy + sy * uy
        let dz = fz + sx * rz + sy * uz
        const length = Math.sqrt(dx * dx + dy * dy + dz * dz)
        dx = dx / length
        dy = dy / length
        dz = dz / length
        radiance(EYE_X, EYE_Y, EYE_Z, dx, dy, dz)
        sumR += outR
        sumG += outG
        sumB += outB
      }
      store<u8>(offset, toByte(sumR, samplesF))
      store<u8>(offset, toByte(sumG, samplesF), 1)
      store<u8>(offset, toByte(sumB, samplesF), 2)
      offset += 3
    }
  }
  writeStdout(pixels, <usize>(width * rows * 3))
}

render()
