/** The ping kind's gas scenarios (found by folder: gas/kinds.ts), snapshotted in gas-snapshots/PingMarket.json. */
import { parseEther } from 'viem'
import { kindArtifacts } from '../../../generated/kinds/index.ts'
import type { KindGasScenarios } from '../../../gas/kinds.ts'
import { funded, gasOf } from '../../../gas/scenarios.ts'

export const gasScenarios: KindGasScenarios<'ping'> = {
  /**
   * The market, each function once: an operator (holding genesis tokens) bonds for its device, adds
   * to the bond, unbonds, and withdraws after the delay; a customer pays for the device.
   */
  PingMarket: async (net) => {
    const market = { address: net.deployment.kinds.ping!.PingMarket!, abi: kindArtifacts.ping.PingMarket.abi }
    const { token } = net.contracts
    const operator = net.accounts.admin
    const customer = await funded(net, 'customer')
    const gas: Record<string, number> = {}
    const deviceId = await net.registerDevice(operator.address, 'ping')
    await net.send(operator, { ...token, functionName: 'transfer', args: [customer.address, parseEther('100')] })
    for (const account of [operator, customer]) await net.send(account, { ...token, functionName: 'approve', args: [market.address, parseEther('1000')] })

    gas['bond: first stake of a device'] = gasOf(await net.send(operator, { ...market, functionName: 'bond', args: [deviceId, parseEther('100')] }))
    gas['bond: adding to a stake'] = gasOf(await net.send(operator, { ...market, functionName: 'bond', args: [deviceId, parseEther('50')] }))
    gas['unbond: first unbonding of the operator'] = gasOf(await net.send(operator, { ...market, functionName: 'unbond', args: [deviceId, parseEther('30')] }))
    await net.travel(await net.publicClient.readContract({ ...market, functionName: 'UNBONDING_DELAY' }))
    gas['withdraw: one finished unbonding'] = gasOf(await net.send(operator, { ...market, functionName: 'withdraw', args: [deviceId] }))
    gas["pay: burnt for a device's service"] = gasOf(await net.send(customer, { ...market, functionName: 'pay', args: [deviceId, parseEther('10')] }))
    return gas
  },
}
