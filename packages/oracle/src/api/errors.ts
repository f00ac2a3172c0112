import { PinionError } from '@pinion/protocol'

/** Read-API error codes and the HTTP status each maps to. Codes are never reused. */
export const API_ERRORS = {
  PINION_ERR_BAD_EPOCH: { status: 400, description: 'The epoch in the path is not a whole number.' },
  PINION_ERR_BAD_DEVICE_ID: { status: 400, description: 'The device id in the path is not 32 bytes of hex.' },
  PINION_ERR_BAD_ADDRESS: { status: 400, description: 'The address in the path is not an address.' },
  PINION_ERR_EPOCH_NOT_FOUND: { status: 404, description: 'This oracle has not computed (or signed) that epoch.' },
  PINION_ERR_DEVICE_NOT_FOUND: { status: 404, description: 'No device with that id is registered.' },
  PINION_ERR_EPOCH_NOT_SEALED: { status: 409, description: 'The epoch still accepts reports, so its inputs are not final.' },
} as const

export type ApiErrorCode = keyof typeof API_ERRORS

export class OracleApiError extends PinionError {
  override readonly name = 'OracleApiError'
  readonly status: number

  constructor(code: ApiErrorCode, message: string) {
    super(code, message)
    this.status = API_ERRORS[code].status
  }
}
