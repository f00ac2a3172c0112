import type { Hex } from 'viem'
import { type ConfidenceLink, linkConsistent } from './locationConfidence.ts'
import type { WirelessParams } from './params.ts'
import type { WirelessReason } from './reasons.ts'
import { BASIS_POINTS } from './rules.ts'
import type { BeaconEntry, WitnessEntry } from './verifyEpoch.ts'

/**
 * MISPLACED_HOTSPOT: devices whose beacons the network hears where they are not. Per beaconer, over
 * its beacons still standing, the distinct witnesses (not judged as a whole already) whose links
 * passed the per-link checks or were physically impossible; a witness is inconsistent when any of
 * its links is (above free space, a time of flight that does not fit, or outside linkConsistent's band). The device is found when at least
 * misplaced.minInconsistentWitnesses of them, and misplaced.minInconsistentBps of all, are.
 *
 * A spoofer's real neighbours hear it from where its radio is, far stronger than its asserted spot
 * allows; an honest hotspot's links are inconsistent one time in tens (the band is conditioned on
 * reception), and from different witnesses independently. Devices in order of first beacon.
 */
export function findMisplaced(beacons: readonly BeaconEntry[], alreadyFlagged: ReadonlyMap<Hex, WirelessReason>, params: WirelessParams): Hex[] {
  const heard = new Map<Hex, Map<Hex, boolean>>() // beaconer → witness → consistent so far
  for (const entry of beacons) {
    const id = entry.device.deviceId
    if (entry.reason !== null || alreadyFlagged.has(id)) continue
    let witnesses = heard.get(id)
    if (witnesses === undefined) heard.set(id, (witnesses = new Map()))
    const note = (link: WitnessEntry, consistent: boolean) => {
      const witness = link.device.deviceId
      if (alreadyFlagged.has(witness)) return
      witnesses.set(witness, (witnesses.get(witness) ?? true) && consistent)
    }
    for (const link of entry.links) note(link, linkConsistent(linkOf(entry, link), params))
    for (const link of entry.impossible) note(link, false)
  }
  const { minInconsistentWitnesses, minInconsistentBps } = params.misplaced
  const found: Hex[] = []
  for (const [id, witnesses] of heard) {
    let inconsistent = 0
    for (const consistent of witnesses.values()) if (!consistent) inconsistent++
    if (inconsistent >= minInconsistentWitnesses && inconsistent * BASIS_POINTS >= minInconsistentBps * witnesses.size) found.push(id)
  }
  return found
}

/** A witness link of a beacon, as linkConsistent reads it. */
export function linkOf(entry: BeaconEntry, link: WitnessEntry): ConfidenceLink {
  return {
    rssiDeciDbm: link.witness.rssiDeciDbm,
    txPowerDeciDbm: entry.beacon.txPowerDeciDbm,
    beaconerGainDeciDbi: entry.placement.antennaGain,
    witnessGainDeciDbi: link.placement.antennaGain,
    distanceM: link.distanceM,
    frequencyHz: entry.beacon.frequencyHz,
    datarate: entry.beacon.datarate,
  }
}
