import { Command } from 'commander'
import { createDeviceKeyFile } from '@pinion/device'
import { parseKeyType } from '@pinion/protocol'
import { output } from './output.ts'

export function deviceCommand(): Command {
  const device = new Command('device').description('make device keys, register devices, run a device')

  device
    .command('keygen')
    .description('create a device key file (mode 0600)')
    .option('--type <type>', 'ed25519 or p256', 'ed25519')
    .option('--out <file>', 'where to write the key file', 'device-key.json')
    .option('--json', 'machine-readable output')
    .action(async (options: { type: string; out: string; json?: boolean }) => {
      const key = await createDeviceKeyFile(options.out, parseKeyType(options.type))
      output(Boolean(options.json), { file: options.out, type: key.type, publicKey: key.publicKey, deviceId: key.deviceId }, () =>
        [`wrote ${options.out}`, `  type       ${key.type}`, `  public key ${key.publicKey}`, `  device id  ${key.deviceId}`].join('\n'),
      )
    })

  return device
}
