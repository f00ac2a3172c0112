import { type DescMessage, type MessageShape, create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { PinionError } from '@pinion/protocol'
import { type Hex, bytesToHex, hexToBigInt, hexToBytes, numberToHex } from 'viem'
import { JobSchema, ModuleChunkSchema, TaskCommitSchema, TaskRevealSchema } from './generated/pinion/compute/v1/compute_pb.ts'
import { MAX_MODULE_BYTES, MAX_TASKS_PER_JOB, MAX_TASK_INPUT_BYTES, MODULE_CHUNK_BYTES } from './rules.ts'

/** The compute kind's payload types: what a provider reports about the leases it runs. */
export const JOB_PAYLOAD_TYPE = 'job'
export const MODULE_CHUNK_PAYLOAD_TYPE = 'module-chunk'
export const TASK_COMMIT_PAYLOAD_TYPE = 'task-commit'
export const TASK_REVEAL_PAYLOAD_TYPE = 'task-reveal'
export const COMPUTE_PAYLOAD_TYPES = [JOB_PAYLOAD_TYPE, MODULE_CHUNK_PAYLOAD_TYPE, TASK_COMMIT_PAYLOAD_TYPE, TASK_REVEAL_PAYLOAD_TYPE] as const

/** A lease's job manifest, as its provider relays it (pinion.compute.v1.Job). */
export type JobReport = { type: typeof JOB_PAYLOAD_TYPE; leaseId: bigint; manifest: Uint8Array }
/** One slice of a module (pinion.compute.v1.ModuleChunk). */
export type ModuleChunkReport = { type: typeof MODULE_CHUNK_PAYLOAD_TYPE; module: Hex; index: number; count: number; data: Uint8Array }
/** A commitment to one task's result (pinion.compute.v1.TaskCommit). */
export type TaskCommitReport = { type: typeof TASK_COMMIT_PAYLOAD_TYPE; leaseId: bigint; task: number; commitment: Hex }
/** The result a commitment hid, and the run's usage (pinion.compute.v1.TaskReveal). */
export type TaskRevealReport = {
  type: typeof TASK_REVEAL_PAYLOAD_TYPE
  leaseId: bigint
  task: number
  input: Uint8Array
  exitCode: number
  fuelUsed: bigint
  resultHash: Hex
  salt: Hex
  usageSignature: Hex
}
export type ComputePayload = JobReport | ModuleChunkReport | TaskCommitReport | TaskRevealReport

const BYTES32 = 32
const SIGNATURE_BYTES = 65
/** The most chunks a module may be cut into. */
export const MAX_MODULE_CHUNKS = Math.ceil(MAX_MODULE_BYTES / MODULE_CHUNK_BYTES)

const uint256 = (value: bigint) => hexToBytes(numberToHex(value, { size: BYTES32 }))

/** The bytes of a payload of any of the compute kind's types (its `type` says which). */
export function encodeComputePayload(payload: ComputePayload): Uint8Array {
  switch (payload.type) {
    case JOB_PAYLOAD_TYPE:
      return toBinary(JobSchema, create(JobSchema, { leaseId: uint256(payload.leaseId), manifest: payload.manifest }))
    case MODULE_CHUNK_PAYLOAD_TYPE:
      return toBinary(ModuleChunkSchema, create(ModuleChunkSchema, { module: hexToBytes(payload.module), index: payload.index, count: payload.count, data: payload.data }))
    case TASK_COMMIT_PAYLOAD_TYPE:
      return toBinary(TaskCommitSchema, create(TaskCommitSchema, { leaseId: uint256(payload.leaseId), task: payload.task, commitment: hexToBytes(payload.commitment) }))
    case TASK_REVEAL_PAYLOAD_TYPE:
      return toBinary(
        TaskRevealSchema,
        create(TaskRevealSchema, {
          leaseId: uint256(payload.leaseId),
          task: payload.task,
          input: payload.input,
          exitCode: payload.exitCode,
          fuelUsed: payload.fuelUsed,
          resultHash: hexToBytes(payload.resultHash),
          salt: hexToBytes(payload.salt),
          usageSignature: hexToBytes(payload.usageSignature),
        }),
      )
  }
}

/**
 * Decodes a payload of the compute kind; throws PINION_ERR_MALFORMED_PAYLOAD for another type, other
 * bytes, a field of the wrong size, or a value past the kind's bounds (a task index past any job's, a
 * chunk past any module's, an input larger than a reveal carries): the bounds limit what one report
 * can make an oracle hold or run.
 */
export function decodeComputePayload(payloadType: string, bytes: Uint8Array): ComputePayload {
  switch (payloadType) {
    case JOB_PAYLOAD_TYPE: {
      const job = decode(JobSchema, bytes)
      return { type: JOB_PAYLOAD_TYPE, leaseId: leaseIdOf(job.leaseId), manifest: job.manifest }
    }
    case MODULE_CHUNK_PAYLOAD_TYPE: {
      const chunk = decode(ModuleChunkSchema, bytes)
      if (chunk.count < 1 || chunk.count > MAX_MODULE_CHUNKS) throw malformed(`a module has 1 to ${MAX_MODULE_CHUNKS} chunks; got count ${chunk.count}`)
      if (chunk.index >= chunk.count) throw malformed(`chunk index ${chunk.index} is not below its count ${chunk.count}`)
      if (chunk.data.length < 1 || chunk.data.length > MODULE_CHUNK_BYTES) throw malformed(`a chunk holds 1 to ${MODULE_CHUNK_BYTES} bytes; got ${chunk.data.length}`)
      return { type: MODULE_CHUNK_PAYLOAD_TYPE, module: bytes32('module', chunk.module), index: chunk.index, count: chunk.count, data: chunk.data }
    }
    case TASK_COMMIT_PAYLOAD_TYPE: {
      const commit = decode(TaskCommitSchema, bytes)
      return { type: TASK_COMMIT_PAYLOAD_TYPE, leaseId: leaseIdOf(commit.leaseId), task: taskOf(commit.task), commitment: bytes32('commitment', commit.commitment) }
    }
    case TASK_REVEAL_PAYLOAD_TYPE: {
      const reveal = decode(TaskRevealSchema, bytes)
      if (reveal.input.length > MAX_TASK_INPUT_BYTES) throw malformed(`a task input is at most ${MAX_TASK_INPUT_BYTES} bytes; got ${reveal.input.length}`)
      if (reveal.usageSignature.length !== SIGNATURE_BYTES) throw malformed(`usage_signature has ${reveal.usageSignature.length} bytes; expected ${SIGNATURE_BYTES}`)
      return {
        type: TASK_REVEAL_PAYLOAD_TYPE,
        leaseId: leaseIdOf(reveal.leaseId),
        task: taskOf(reveal.task),
        input: reveal.input,
        exitCode: reveal.exitCode,
        fuelUsed: reveal.fuelUsed,
        resultHash: bytes32('result_hash', reveal.resultHash),
        salt: bytes32('salt', reveal.salt),
        usageSignature: bytesToHex(reveal.usageSignature),
      }
    }
    default:
      throw malformed(`compute has no payload type "${payloadType}"; expected one of ${COMPUTE_PAYLOAD_TYPES.join(', ')}`)
  }
}

function decode<schema extends DescMessage>(schema: schema, bytes: Uint8Array): MessageShape<schema> {
  try {
    return fromBinary(schema, bytes)
  } catch (cause) {
    throw malformed(`payload of ${bytes.length} bytes is not a ${schema.typeName}`, cause)
  }
}

function leaseIdOf(bytes: Uint8Array): bigint {
  const id = hexToBigInt(bytes32('lease_id', bytes))
  if (id === 0n) throw malformed('lease_id 0 names no lease; ComputeMarket numbers leases from 1')
  return id
}

function taskOf(task: number): number {
  if (task >= MAX_TASKS_PER_JOB) throw malformed(`task ${task} is past any job's: a job has at most ${MAX_TASKS_PER_JOB} tasks`)
  return task
}

function bytes32(field: string, value: Uint8Array): Hex {
  if (value.length !== BYTES32) throw malformed(`${field} has ${value.length} bytes; expected ${BYTES32}`)
  return bytesToHex(value)
}

const malformed = (message: string, cause?: unknown) => new PinionError('PINION_ERR_MALFORMED_PAYLOAD', message, cause === undefined ? undefined : { cause })
