// The ray tracer of raytrace.as.ts in plain TypeScript, operation by operation in the same order,
// so that it gives the same bytes: the benchmark's "the same function in plain JS" beside the WASM
// one, and a second implementation that the tests hold the module to. f64 arithmetic (+ - * / sqrt
// floor) is exact IEEE 754 in both languages; the u32 hash is written with Math.imul and >>> 0.
// Change one and change the other.
import { parseRaytraceTask } from './task.ts'

const EPSILON = 1e-4
const NO_HIT = -2
const PLANE = -1
const MAX_SEGMENTS = 4
const FAR = 1e30

// Scene 0. Spheres: centre x, y, z, radius, albedo r, g, b, specular, reflectivity.
const STRIDE = 9
// biome-ignore format: one sphere per line
const SPHERES = new Float64Array([
  -1.35, 0.7, 0.5, 0.7, 0.85, 0.2, 0.15, 0.5, 0.05,
  0.35, 1.0, 1.5, 1.0, 0.92, 0.92, 0.96, 0.9, 0.85,
  1.55, 0.5, -0.25, 0.5, 0.15, 0.35, 0.9, 0.7, 0.2,
  -0.25, 0.3, -0.95, 0.3, 0.95, 0.78, 0.2, 0.3, 0.0,
  2.7, 0.8, 2.6, 0.8, 0.2, 0.72, 0.3, 0.4, 0.1,
])
const SPHERE_COUNT = 5

const EYE_X = 0.0
const EYE_Y = 1.6
const EYE_Z = -5.2
const LOOK_X = 0.25
const LOOK_Y = 0.7
const LOOK_Z = 0.8
const HALF_HEIGHT = 0.42

const LIGHT_X = -4.0
const LIGHT_Y = 7.0
const LIGHT_Z = -3.0
const LIGHT_SIZE = 1.6
const AMBIENT = 0.16
const FOG = 0.0012

// Module state, as the AssemblyScript globals: a render runs start to end without yielding.
let hitT = 0.0
let hitId = NO_HIT
let skyR = 0.0
let skyG = 0.0
let skyB = 0.0
let outR = 0.0
let outG = 0.0
let outB = 0.0
let state = 0

function hash(value: number): number {
  let x = value >>> 0
  x = (x ^ (x >>> 16)) >>> 0
  x = Math.imul(x, 0x7feb352d) >>> 0
  x = (x ^ (x >>> 15)) >>> 0
  x = Math.imul(x, 0x846ca68b) >>> 0
  x = (x ^ (x >>> 16)) >>> 0
  return x
}

function random(): number {
  state = hash((state + 0x9e3779b9) >>> 0)
  return (state >>> 8) * (1.0 / 16777216.0)
}

function intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): boolean {
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
    const ocx = ox - SPHERES[base]!
    const ocy = oy - SPHERES[base + 1]!
    const ocz = oz - SPHERES[base + 2]!
    const radius = SPHERES[base + 3]!
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

function sky(dy: number): void {
  let t = 0.5 * (dy + 1.0)
  if (t < 0.0) t = 0.0
  skyR = (1.0 - t) * 1.0 + t * 0.45
  skyG = (1.0 - t) * 1.0 + t * 0.65
  skyB = (1.0 - t) * 1.0 + t * 1.0
}

function radiance(startX: number, startY: number, startZ: number, startDx: number, startDy: number, startDz: number): void {
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
      const radius = SPHERES[base + 3]!
      nx = (px - SPHERES[base]!) / radius
      ny = (py - SPHERES[base + 1]!) / radius
      nz = (pz - SPHERES[base + 2]!) / radius
      ar = SPHERES[base + 4]!
      ag = SPHERES[base + 5]!
      ab = SPHERES[base + 6]!
      specular = SPHERES[base + 7]!
      reflectivity = SPHERES[base + 8]!
    }
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

function toByte(sum: number, samples: number): number {
  let c = sum / samples
  if (!(c > 0.0)) c = 0.0
  if (c > 1.0) c = 1.0
  return Math.trunc(Math.sqrt(c) * 255.0 + 0.5)
}

/**
 * The band of rows the raytrace workload renders for `input` (its 20-byte task header), as the
 * module writes it to stdout: rows × width × 3 bytes of RGB, top row first. Throws
 * PINION_ERR_COMPUTE_WORKLOAD for a header the module would refuse.
 */
export function renderReference(input: Uint8Array): Uint8Array {
  const { seed, width, height, firstRow, rows, samples } = parseRaytraceTask(input)

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
  const halfWidth = HALF_HEIGHT * (width / height)

  const pixels = new Uint8Array(width * rows * 3)
  let offset = 0
  const rowSeed = hash(seed)
  for (let y = firstRow; y < firstRow + rows; y++) {
    const ySeed = hash((rowSeed ^ y) >>> 0)
    for (let x = 0; x < width; x++) {
      const xSeed = hash((ySeed ^ x) >>> 0)
      let sumR = 0.0
      let sumG = 0.0
      let sumB = 0.0
      for (let s = 0; s < samples; s++) {
        state = hash((xSeed ^ s) >>> 0)
        const u = (x + random()) / width
        const v = (y + random()) / height
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
      pixels[offset] = toByte(sumR, samples)
      pixels[offset + 1] = toByte(sumG, samples)
      pixels[offset + 2] = toByte(sumB, samples)
      offset += 3
    }
  }
  return pixels
}
